using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>One section of the request path, as FreeRADIUS has them: it learns something, or ends the login with a <see cref="Settlement"/>.</summary>
    public interface ILoginStage
    {
        /// <summary>Null (<see cref="Settlement.Continue"/>): go on to the next stage.</summary>
        Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken);
    }
}
