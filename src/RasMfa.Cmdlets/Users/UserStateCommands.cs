using System.Management.Automation;

namespace RasMfa.Cmdlets.Users
{
    /// <summary>Enable-, Disable- and Unlock-RasMfaUser: one change of state each, from the pipeline.</summary>
    public abstract class UserStateCommandBase : UserCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "";

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected abstract string Action { get; }

        protected abstract void Apply(Engine.Users.MfaUser user);

        protected override void ProcessRecord()
        {
            var user = FindUser(UserName);
            if (user == null || !ShouldProcess(user.UserName, Action)) return;
            RunStoreAction(UserName, () =>
            {
                Apply(user);
                if (PassThru) WriteObject(Describe(Store.Users.Get(user.UserName)!));
            });
        }
    }

    [Cmdlet(VerbsLifecycle.Enable, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class EnableRasMfaUserCommand : UserStateCommandBase
    {
        protected override string Action => "Enable RasMfa user";

        protected override void Apply(Engine.Users.MfaUser user)
        {
            user.Enabled = true;
            Store.Users.Update(user);
        }
    }

    [Cmdlet(VerbsLifecycle.Disable, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class DisableRasMfaUserCommand : UserStateCommandBase
    {
        protected override string Action => "Disable RasMfa user";

        protected override void Apply(Engine.Users.MfaUser user)
        {
            user.Enabled = false;
            Store.Users.Update(user);
        }
    }

    [Cmdlet(VerbsCommon.Unlock, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class UnlockRasMfaUserCommand : UserStateCommandBase
    {
        protected override string Action => "Unlock RasMfa user and clear its failure count";

        protected override void Apply(Engine.Users.MfaUser user) => Store.Users.Unlock(user.Id);
    }
}
