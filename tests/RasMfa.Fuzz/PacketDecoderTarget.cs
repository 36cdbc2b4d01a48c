using System;
using System.Linq;
using System.Net;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Dictionary;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Fuzz
{
    /// <summary>
    /// Target (a): the decoder and everything that reads a received packet's octets: framing, parsing, attribute access,
    /// the dictionary's description, PAP and CHAP decoding, and the three authenticators. Besides exceptions it checks
    /// that Validate and TryParse agree, that a parsed packet encodes to the octets it came from, and that PAP decoding
    /// round-trips.
    /// </summary>
    public static class PacketDecoderTarget
    {
        private static readonly RadiusClientDefinition Client =
            new RadiusClientDefinition("ras", IpNetwork.Parse("192.0.2.0/24"), FuzzWorld.Secret) { RequireMessageAuthenticator = false };

        /// <summary>Runs one input; returns how it framed, for replay.</summary>
        public static string Run(byte[] data)
        {
            var framing = RadiusPacket.Validate(data, out int length);
            var parsing = RadiusPacket.TryParse(data, out var packet);
            if (framing != parsing) throw new FuzzFinding($"Validate said {framing}, TryParse {parsing}.");
            if (framing != PacketError.None)
            {
                if (packet != null) throw new FuzzFinding("TryParse failed but gave a packet.");
                return framing.ToString();
            }

            var encoded = packet!.Encode();
            if (encoded.Length != length || !encoded.AsSpan().SequenceEqual(data.AsSpan(0, length))) throw new FuzzFinding("The parsed packet does not encode to its octets.");

            foreach (var attribute in packet.Attributes)
            {
                _ = attribute.AsText();
                _ = attribute.ToString();
                if (attribute.Value.Length == 4) _ = attribute.AsInteger();
                _ = RadiusDictionary.Default.Describe(attribute).ToList();
                if (attribute.Type == RadiusAttributeType.VendorSpecific) _ = VendorSpecificAttribute.Split(attribute.Value)?.Select(part => part.ToAttribute()).ToList();
            }
            _ = packet.Count(RadiusAttributeType.UserName);
            _ = packet.FindAll(RadiusAttributeType.ProxyState).ToList();

            var context = new AccessRequestContext(packet, Client, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 1812));
            _ = context.UserName;
            var password = context.DecodePapPassword();
            if (password != null)
            {
                var hidden = PapPassword.Hide(password, FuzzWorld.Secret, packet.Authenticator);
                var again = PapPassword.Unhide(hidden, FuzzWorld.Secret, packet.Authenticator);
                if (again == null || !again.AsSpan().SequenceEqual(password)) throw new FuzzFinding("PAP hiding does not round-trip.");
            }
            var chap = packet.Find(RadiusAttributeType.ChapPassword);
            if (chap != null) _ = ChapPassword.Verify(chap.Value, new byte[] { (byte)'1', (byte)'2', (byte)'3' }, ChapPassword.ChallengeOf(packet));

            _ = PacketSigner.VerifyMessageAuthenticator(data, length, FuzzWorld.Secret);
            _ = PacketSigner.VerifyMessageAuthenticator(data, length, FuzzWorld.Secret, packet.Authenticator);
            _ = PacketSigner.VerifyResponseAuthenticator(data, length, packet.Authenticator, FuzzWorld.Secret);

            // Answering reads the request too: Proxy-State is copied into every reply, and a reply never exceeds 4096 octets.
            bool roomForReply = ResponseBuilder.ProxyStateOctets(packet) <= ResponseBuilder.MaxProxyStateOctets;
            CheckReply(data, ResponseBuilder.Build(packet, AccessDecision.Reject("Wrong code"), FuzzWorld.Secret), roomForReply);
            CheckReply(data, ResponseBuilder.Build(packet, AccessDecision.Challenge(new byte[16], new string('p', 253)), FuzzWorld.Secret), roomForReply);
            // A Status-Server is answered only when signed: one Message-Authenticator of 16 octets, so its reply fits too.
            var signature = packet.FindAll(RadiusAttributeType.MessageAuthenticator).ToList();
            if (signature.Count == 1 && signature[0].Value.Length == 16) ReplyRules.Check(data, ResponseBuilder.BuildStatusReply(packet, FuzzWorld.Secret), FuzzWorld.Secret);
            return $"{packet.Code}, {packet.Attributes.Count} attributes";
        }

        private static void CheckReply(byte[] request, byte[]? reply, bool roomForReply)
        {
            if (reply == null)
            {
                if (roomForReply) throw new FuzzFinding("No reply was made though the request's Proxy-State leaves room for one.");
                return;
            }
            ReplyRules.Check(request, reply, FuzzWorld.Secret);
        }
    }
}
