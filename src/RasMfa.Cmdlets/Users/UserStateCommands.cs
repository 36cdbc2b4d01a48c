using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Users;

namespace RasMfa.Cmdlets.Users
{
    /// <summary>Enable-, Disable- and Unlock-RasMfaUser: one change of state each, from the pipeline.</summary>
    public abstract class UserStateCommandBase : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "";

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected abstract UserDetails? Apply(UserService users);

        protected override void ProcessRecord() => Run(UserName, () =>
        {
            var user = Apply(new UserService(Store.Users, StoreUtcNow));
            if (user != null && PassThru) WriteObject(new RasMfaUser(user));
        });
    }

    [Cmdlet(VerbsLifecycle.Enable, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class EnableRasMfaUserCommand : UserStateCommandBase
    {
        protected override UserDetails? Apply(UserService users) => users.SetEnabled(UserName, true, this);
    }

    [Cmdlet(VerbsLifecycle.Disable, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class DisableRasMfaUserCommand : UserStateCommandBase
    {
        protected override UserDetails? Apply(UserService users) => users.SetEnabled(UserName, false, this);
    }

    [Cmdlet(VerbsCommon.Unlock, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class UnlockRasMfaUserCommand : UserStateCommandBase
    {
        protected override UserDetails? Apply(UserService users) => users.Unlock(UserName, this);
    }
}
