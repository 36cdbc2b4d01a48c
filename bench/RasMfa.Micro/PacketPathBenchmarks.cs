using System;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Tokens;

namespace RasMfa.Micro
{
    /// <summary>
    /// One code-only Access-Request as RAS sends it (User-Name, PAP code, NAS attributes, Message-Authenticator), taken
    /// through the steps every request pays: decode, authenticate (Message-Authenticator, PAP, the TOTP candidates),
    /// encode the Accept. The baseline is the one HMAC-MD5 over the packet that any server requiring
    /// Message-Authenticator must compute, so the ratios say how much more than that minimum each step costs.
    /// </summary>
    [MemoryDiagnoser]
    public class PacketPathBenchmarks
    {
        private readonly byte[] _secret = Encoding.UTF8.GetBytes("benchmark-shared-secret-0123456789");
        private readonly MfaSettings _settings = new MfaSettings();
        private byte[] _datagram = new byte[0];
        private RadiusPacket _request = null!;
        private OtpToken _token = null!;
        private byte[] _code = new byte[0];
        private DateTime _now;

        [GlobalSetup]
        public void Setup()
        {
            _token = new OtpToken("MICRO", OtpTokenType.Totp, RandomNumberGenerator.GetBytes(20));
            _now = DateTime.UtcNow;
            _code = Encoding.ASCII.GetBytes(OtpCalculator.TotpForStep(_token, OtpCalculator.TimeStep(_now, _token.Period)));
            var authenticator = RandomNumberGenerator.GetBytes(16);
            var packet = new RadiusPacket(RadiusCode.AccessRequest, 7, authenticator);
            packet.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, "CORP\\alice"));
            packet.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(_code, _secret, authenticator)));
            packet.Add(RadiusAttribute.FromText(RadiusAttributeType.NasIdentifier, "ras-gateway-01"));
            packet.Add(new RadiusAttribute(RadiusAttributeType.NasIpAddress, new byte[] { 192, 0, 2, 10 }));
            _datagram = PacketSigner.EncodeRequest(packet, _secret);
            _request = Decode();
        }

        [Benchmark(Baseline = true, Description = "baseline: one HMAC-MD5 over the packet")]
        public byte[] HmacOverPacket()
        {
            using var hmac = new HMACMD5(_secret);
            return hmac.ComputeHash(_datagram);
        }

        [Benchmark(Description = "decode: frame check and parse")]
        public RadiusPacket Decode()
        {
            RadiusPacket.TryParse(_datagram, out var packet);
            return packet!;
        }

        [Benchmark(Description = "authenticate: Message-Authenticator, PAP, TOTP candidates")]
        public OtpMatch? Authenticate()
        {
            if (PacketSigner.VerifyMessageAuthenticator(_datagram, _datagram.Length, _secret) != MessageAuthenticatorStatus.Valid) throw new InvalidOperationException("signature");
            var typed = PapPassword.Unhide(_request.Find(RadiusAttributeType.UserPassword)!.ValueSpan, _secret, _request.Authenticator)!;
            return OtpVerifier.Find(_token, _now, _settings, candidate => ConstantTime.AreEqual(typed, candidate));
        }

        [Benchmark(Description = "encode: signed Access-Accept")]
        public byte[] Encode() => ResponseBuilder.Build(_request, AccessDecision.Accept(), _secret)!;

        /// <summary>The whole packet path, for the target of at most 1 KB allocated per request.</summary>
        [Benchmark(Description = "decode + authenticate + encode")]
        public byte[] WholePath()
        {
            var request = Decode();
            if (PacketSigner.VerifyMessageAuthenticator(_datagram, _datagram.Length, _secret) != MessageAuthenticatorStatus.Valid) throw new InvalidOperationException("signature");
            var typed = PapPassword.Unhide(request.Find(RadiusAttributeType.UserPassword)!.ValueSpan, _secret, request.Authenticator)!;
            if (OtpVerifier.Find(_token, _now, _settings, candidate => ConstantTime.AreEqual(typed, candidate)) == null) throw new InvalidOperationException("code");
            return ResponseBuilder.Build(request, AccessDecision.Accept(), _secret)!;
        }
    }
}
