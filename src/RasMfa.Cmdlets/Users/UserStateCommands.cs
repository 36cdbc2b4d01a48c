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

    /// <summary>Enable- and Disable-RasMfaUser differ only in the value they set.</summary>
    public abstract class SetEnabledCommandBase : UserStateCommandBase
    {
        protected abstract bool Enabled { get; }

        protected override string Action => Enabled ? "Enable RasMfa user" : "Disable RasMfa user";

        protected override void Apply(Engine.Users.MfaUser user)
        {
            user.Enabled = Enabled;
            Store.Users.Update(user);
        }
    }

    [Cmdlet(VerbsLifecycle.Enable, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class EnableRasMfaUserCommand : SetEnabledCommandBase
    {
        protected override bool Enabled => true;
    }

    [Cmdlet(VerbsLifecycle.Disable, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class DisableRasMfaUserCommand : SetEnabledCommandBase
    {
        protected override bool Enabled => false;
    }

    [Cmdlet(VerbsCommon.Unlock, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class UnlockRasMfaUserCommand : UserStateCommandBase
    {
        protected override string Action => "Unlock RasMfa user and clear its failure count";

        protected override void Apply(Engine.Users.MfaUser user) => Store.Users.Unlock(user.Id);
    }
}
