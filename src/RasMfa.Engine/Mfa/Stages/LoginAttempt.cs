using System;
using System.Collections.Generic;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>One Access-Request as it goes through the stages: what came in, and what each stage has found so far.</summary>
    public sealed class LoginAttempt
    {
        private static readonly RadiusAttribute[] NoAttributes = new RadiusAttribute[0];

        public LoginAttempt(AccessRequestContext context, MfaSettings settings, DateTime nowUtc)
        {
            Context = context;
            Settings = settings;
            NowUtc = nowUtc;
            Response = CodeResponse.From(context);
            State = context.Request.Find(RadiusAttributeType.State)?.Value;
            RequestKey = RequestKeys.Of(context);
            // Only where the password is not a domain password: a code-only first round, or any second round.
            if (!ChecksFirstFactor && Response.Flaw == null && !Response.IsEmpty)
            {
                foreach (var keyword in Client.Keywords)
                {
                    if (!Response.IsWord(keyword.Text)) continue;
                    Keyword = keyword.Method;
                    break;
                }
            }
        }

        /// <summary>The method whose automation keyword the password is ("sms"); null when it is none. A keyword is never tried as a code.</summary>
        public MethodKind? Keyword { get; }

        /// <summary>An empty password at a client that starts the default method at once (RAS's "autosend").</summary>
        public bool Autosends => AsksForCode && Client.EmptyPasswordAction == EmptyPasswordAction.StartDefault;

        /// <summary>
        /// Whether the request may have a side effect outside the store before its write (a password checked, a code sent):
        /// such a request's key is claimed first, so that of the servers that receive it (RAS active-active) one acts.
        /// </summary>
        public bool ClaimsRequest => ChecksFirstFactor || Keyword != null || Autosends;

        public AccessRequestContext Context { get; }

        public RadiusClientDefinition Client => Context.Client;

        public string RequestedName => Context.UserName ?? "";

        public MfaSettings Settings { get; }

        public DateTime NowUtc { get; }

        /// <summary>What the user typed: a code, a password (with a code appended), or nothing.</summary>
        public CodeResponse Response { get; }

        /// <summary>The State of a second round; null in a first round.</summary>
        public byte[]? State { get; }

        /// <summary>A first round at a client that checks the password here (RAS forwards the domain password).</summary>
        public bool ChecksFirstFactor => Client.FirstFactor != FirstFactor.None && State == null;

        /// <summary>A first round of a code-only client with nothing typed ("Forward username only"): the user is asked for the code.</summary>
        public bool AsksForCode => State == null && !ChecksFirstFactor && Response.IsEmpty;

        /// <summary>
        /// Whether a real user's code would be checked in this request: a second round, a code-only first round with
        /// something typed, or a code appended to the password once the first factor passed.
        /// </summary>
        public bool CarriesCode => Keyword == null && (State != null || (!ChecksFirstFactor && !Response.IsEmpty) || AppendedCode != null);

        public string Prompt => Client.Prompt ?? Settings.DefaultPrompt;

        /// <summary>The Reply-Message of a challenge asked again after a wrong code; a decoy's reads the same.</summary>
        public string RetryPrompt => "Wrong code. " + Prompt;

        /// <summary>The challenge a second round answers (found by the identify stage).</summary>
        public PendingChallenge? Challenge { get; set; }

        /// <summary>Why the login ended as it did, as a metric label (<see cref="DecisionLabels"/>); set with the verdict.</summary>
        public string? DecisionLabel { get; set; }

        /// <summary>The challenge the State named, read from the store by the identify stage: a real user's or a decoy's; the login's write spends it.</summary>
        public PendingChallenge? FoundChallenge { get; set; }

        /// <summary>The request's key across servers (<see cref="RequestKeys"/>).</summary>
        public byte[] RequestKey { get; }

        public LoginSubject? Subject { get; set; }

        public MfaUser? User => Subject?.User;

        /// <summary>The User-Name could name several stored users: refused, never taken for an unknown user.</summary>
        public bool NameIsAmbiguous { get; set; }

        /// <summary>The user's methods that this client allows (set by the identify stages; filtered here, once for all of them).</summary>
        public UserMethods Methods
        {
            get => _methods;
            set => _methods = value.AllowedAt(Client.AllowedMethods);
        }

        private UserMethods _methods = UserMethods.None;

        /// <summary>The attempt reserved in the store before the first factor (a known user's); settled by the login's write.</summary>
        public AttemptReservation? Reservation { get; set; }

        /// <summary>Renews this server's claim on the request while the login is decided (see <see cref="ClaimStage"/>); stopped once it is.</summary>
        internal ClaimRenewal? ClaimRenewal { get; set; }

        /// <summary>The first factor of this login, once asked for (<see cref="IdentifyAccountStage"/>), so that its check is the same one's.</summary>
        public FirstFactors.IFirstFactorChecker? FirstFactorChecker { get; set; }

        /// <summary>The code split off a "password+code" field, once the first factor has passed.</summary>
        public byte[]? AppendedCode { get; set; }

        /// <summary>What a first factor that passed said, with the account it names (<see cref="AccountMatchStage"/>); null when none passed here.</summary>
        public FirstFactors.FirstFactorResult? PassedFirstFactor { get; set; }

        /// <summary>How the first factor was checked ("Radius/PAP"), for the audit log; null when it was not checked here.</summary>
        public string? FirstFactorMethod { get; set; }

        /// <summary>What to send with our Access-Accept: the upstream's reply attributes, kept through a challenge.</summary>
        public IReadOnlyList<RadiusAttribute> AcceptAttributes { get; set; } = NoAttributes;

        public LockoutPolicy Lockout => new LockoutPolicy(Settings.LockoutThreshold, TimeSpan.FromMinutes(Settings.LockoutMinutes), NowUtc);

        public MethodRequest MethodRequest(string? challengeData = null) => new MethodRequest(User!, Client.Name, Settings, NowUtc, challengeData,
            Client.SharedSecret == null ? null : Mfa.OutOfBand.OutOfBandCode.KeyOf(Client.SharedSecret))
        {
            PreviousCodeKey = Client.PreviousSharedSecret == null ? null : Mfa.OutOfBand.OutOfBandCode.KeyOf(Client.PreviousSharedSecret),
            SourceAddress = Context.Source.Address.ToString(),
            CallingStationId = Context.Request.Find(CallingStationIdType)?.AsText(),
            PushTimeoutSeconds = Client.PushTimeoutSeconds,
        };

        private const byte CallingStationIdType = 31;
    }
}
