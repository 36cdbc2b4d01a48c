using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Dictionary;

namespace RasMfa.Fuzz
{
    /// <summary>
    /// Valid packets of each kind a client sends, written as the seed corpus (committed under corpus/; regenerate with
    /// "RasMfa.Fuzz seeds corpus"). The packet target's seeds are datagrams; the request target's are a flags octet and a
    /// datagram (see <see cref="RequestFlags"/>), in clear where the harness makes the credentials real.
    /// </summary>
    public static class SeedCorpus
    {
        private const RequestFlags Signed = RequestFlags.Sign;
        private const RequestFlags Real = RequestFlags.RealCredentials | RequestFlags.Sign;

        public static void Write(string folder)
        {
            var packets = Path.Combine(folder, "packet");
            var requests = Path.Combine(folder, "request");
            Directory.CreateDirectory(packets);
            Directory.CreateDirectory(requests);
            foreach (var (name, datagram) in Datagrams()) File.WriteAllBytes(Path.Combine(packets, name + ".bin"), datagram);
            foreach (var (name, flags, datagram) in Requests()) File.WriteAllBytes(Path.Combine(requests, name + ".bin"), RequestInput.Compose(flags, datagram));
        }

        /// <summary>Packets as they arrive: passwords hidden, Message-Authenticator computed.</summary>
        private static IEnumerable<(string, byte[])> Datagrams()
        {
            yield return ("pap", Sign(Request(1, "alice").Add(Pap("123456", 1))));
            yield return ("chap", Sign(Chap(Request(2, "alice"), "123456")));
            yield return ("username-only", Sign(Request(3, "alice")));
            yield return ("with-state", Sign(Request(4, "alice").Add(Pap("654321", 4)).Add(new RadiusAttribute(RadiusAttributeType.State, Filled(16, 0x5A)))));
            yield return ("status-server", Sign(new RadiusPacket(RadiusCode.StatusServer, 5, Authenticator(5))));
            yield return ("proxy-state", Sign(Request(6, "alice").Add(Pap("123456", 6)).Add(ProxyState(1)).Add(ProxyState(2))));
            yield return ("unsigned-pap", Request(7, "bob").Add(Pap("Passw0rd!", 7)).Encode());
            yield return ("vendor-specific", Sign(Request(8, "OTHER\\alice").Add(Pap("123456", 8))
                .Add(new VendorSpecificAttribute(311, 1, Filled(4, 7)).ToAttribute()).Add(RadiusAttribute.FromInteger(6, 8))));
            yield return ("nas-attributes", Sign(Request(9, "alice@example.com").Add(Pap("123456", 9))
                .Add(RadiusAttribute.FromAddress(4, IPAddress.Parse("192.0.2.10"))).Add(RadiusAttribute.FromInteger(5, 1)).Add(RadiusAttribute.FromText(31, "198.51.100.7"))));
            yield return ("large-proxy-state", Sign(WithProxyStates(Request(10, "alice").Add(Pap("123456", 10)), 3600)));
        }

        /// <summary>Requests for the request target: which client sends them and what the harness makes right (see <see cref="RequestFlags"/>).</summary>
        private static IEnumerable<(string, RequestFlags, byte[])> Requests()
        {
            var vpn = (RequestFlags)1;
            var gateway = (RequestFlags)2;
            var unknown = (RequestFlags)3;
            yield return ("code-only-pap", Real, Request(1, "alice").Add(Clear("#")).Add(MessageAuthenticator()).Encode());
            yield return ("code-only-chap", Real, Chap(Request(2, "dave"), "00000000").Add(MessageAuthenticator()).Encode());
            yield return ("username-only", Signed, Request(3, "alice").Add(MessageAuthenticator()).Encode());
            yield return ("second-round", Real | RequestFlags.ChallengeFirst, Request(4, "alice").Add(Clear("#")).Add(MessageAuthenticator()).Encode());
            yield return ("second-round-hotp", Real | RequestFlags.ChallengeFirst, Request(5, "bob").Add(Clear("#")).Add(MessageAuthenticator()).Encode());
            yield return ("status-server", Signed, new RadiusPacket(RadiusCode.StatusServer, 6, Authenticator(6)).Add(MessageAuthenticator()).Encode());
            yield return ("proxy-state", Real, Request(7, "alice").Add(Clear("#")).Add(ProxyState(1)).Add(ProxyState(2)).Add(MessageAuthenticator()).Encode());
            yield return ("unsigned-first-factor", vpn | RequestFlags.RealCredentials, Request(8, "alice").Add(Clear(FuzzWorld.DomainPassword)).Encode());
            yield return ("unsigned-unknown-user", vpn | RequestFlags.RealCredentials, Request(9, "nobody").Add(Clear(FuzzWorld.DomainPassword)).Encode());
            yield return ("unsigned-second-round", vpn | RequestFlags.RealCredentials | RequestFlags.ChallengeFirst, Request(10, "alice").Add(Clear("#")).Encode());
            yield return ("password-and-code", gateway | Real, Request(11, "alice").Add(Clear(FuzzWorld.DomainPassword + "#")).Add(MessageAuthenticator()).Encode());
            yield return ("disabled-user", Real, Request(12, "carol").Add(Clear("#")).Add(MessageAuthenticator()).Encode());
            yield return ("wrong-code", Real, Request(13, "alice").Add(Clear("000000")).Add(MessageAuthenticator()).Encode());
            yield return ("unknown-source", unknown | Real, Request(14, "alice").Add(Clear("#")).Add(MessageAuthenticator()).Encode());
            yield return ("as-received", 0, Sign(Request(15, "alice").Add(Pap("123456", 15))));
            yield return ("large-proxy-state", Real | RequestFlags.FixLength, WithProxyStates(Request(17, "alice").Add(MessageAuthenticator()), 3600).Encode());
            yield return ("random-state", Real, Request(16, "alice").Add(Clear("#")).Add(new RadiusAttribute(RadiusAttributeType.State, Filled(16, 0x11))).Add(MessageAuthenticator()).Encode());
        }

        private static RadiusPacket Request(byte identifier, string userName) =>
            new RadiusPacket(RadiusCode.AccessRequest, identifier, Authenticator(identifier)).Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, userName));

        private static byte[] Authenticator(byte identifier)
        {
            var authenticator = new byte[RadiusPacket.AuthenticatorLength];
            new Random(identifier).NextBytes(authenticator);
            return authenticator;
        }

        private static RadiusAttribute Pap(string password, byte identifier) =>
            new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.UTF8.GetBytes(password), FuzzWorld.Secret, Authenticator(identifier)));

        private static RadiusAttribute Clear(string password) => RadiusAttribute.FromText(RadiusAttributeType.UserPassword, password);

        private static RadiusPacket Chap(RadiusPacket request, string password)
        {
            request.Add(new RadiusAttribute(RadiusAttributeType.ChapChallenge, Filled(16, 0x33)));
            return request.Add(new RadiusAttribute(RadiusAttributeType.ChapPassword, ChapPassword.Create(9, Encoding.UTF8.GetBytes(password), Filled(16, 0x33))));
        }

        private static RadiusAttribute ProxyState(byte seed) => new RadiusAttribute(RadiusAttributeType.ProxyState, Filled(6, seed));

        /// <summary>Proxy-State attributes of 250 octets adding up to about <paramref name="octets"/>: a packet near RADIUS's largest.</summary>
        private static RadiusPacket WithProxyStates(RadiusPacket request, int octets)
        {
            for (byte seed = 0; seed * 252 < octets; seed++) request.Add(new RadiusAttribute(RadiusAttributeType.ProxyState, Filled(250, seed)));
            return request;
        }

        private static RadiusAttribute MessageAuthenticator() => new RadiusAttribute(RadiusAttributeType.MessageAuthenticator, new byte[16]);

        private static byte[] Sign(RadiusPacket request) => PacketSigner.EncodeRequest(request, FuzzWorld.Secret);

        private static byte[] Filled(int length, byte value)
        {
            var bytes = new byte[length];
            for (int i = 0; i < length; i++) bytes[i] = (byte)(value + i);
            return bytes;
        }
    }
}
