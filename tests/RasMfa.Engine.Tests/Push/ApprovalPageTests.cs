#if NET
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using RasMfa.Engine.Push;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>The approval page over HTTPS as any client sees it: its headers, its one answer for every dead link, its limits.</summary>
    public sealed class ApprovalPageTests
    {
        [Fact]
        public async Task The_page_is_never_cached_framed_or_allowed_to_load_anything_and_sends_no_referrer()
        {
            using var world = await PushTestWorld.StartAsync();
            var (_, _, link) = await world.BeginAsync();
            using var client = Client();

            using var response = await client.GetAsync(link);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'none'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("form-action 'self'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("no-store", response.Headers.GetValues("Cache-Control").Single());
            Assert.False(response.Headers.Contains("Server"));
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("http://", html);
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("src=", html);
        }

        [Fact]
        public async Task Unknown_used_and_expired_links_get_the_same_page()
        {
            using var world = await PushTestWorld.StartAsync();
            var (_, approvalId, used) = await world.BeginAsync();
            var (_, _, expired) = await world.BeginAsync();
            world.TestStore.Execute("UPDATE push_approval SET expires_utc = '2000-01-01T00:00:00.0000000Z' WHERE id <> @id", ("@id", approvalId));
            using var client = Client();
            await client.PostAsync(used, new FormUrlEncodedContent(new Dictionary<string, string> { ["deny"] = "1" }));
            string unknown = world.PageUrl + "/approve/" + ApprovalToken.New();

            var pages = new List<string>();
            foreach (var link in new[] { unknown, used, expired, world.PageUrl + "/approve/short", world.PageUrl + "/" })
                pages.Add(await client.GetStringAsync(link).ContinueWith(t => t.IsFaulted ? "" : t.Result));

            Assert.Contains("This link is not valid", pages[0]);
            Assert.Equal(pages[0], pages[1]);
            Assert.Equal(pages[0], pages[2]);
            Assert.Equal(pages[0], pages[3]);
            var posted = await client.PostAsync(unknown, new FormUrlEncodedContent(new Dictionary<string, string> { ["number"] = "42" }));
            Assert.Equal(pages[0], await posted.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task One_source_is_cut_off_past_its_requests_a_minute()
        {
            using var world = await PushTestWorld.StartAsync(requestsPerMinute: 5);
            using var client = Client();
            string unknown = world.PageUrl + "/approve/" + ApprovalToken.New();

            var statuses = new List<HttpStatusCode>();
            for (int i = 0; i < 7; i++)
            {
                using var response = await client.GetAsync(unknown);
                statuses.Add(response.StatusCode);
            }

            Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.Equal((HttpStatusCode)429, statuses.Last());
        }

        [Fact]
        public async Task A_post_the_server_cannot_read_is_answered_as_a_bad_request_and_the_link_still_works()
        {
            // Review R7 (11): a malformed chunk is found only while the body is read (Kestrel's bad-request exception): the
            // sender's fault, not "could not be decided just now" (503) as when the store is down.
            using var world = await PushTestWorld.StartAsync();
            var (_, approvalId, link) = await world.BeginAsync();
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, world.Page.Port);
            using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
            await tls.AuthenticateAsClientAsync("127.0.0.1");
            var request = $"POST {new Uri(link).AbsolutePath} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
                "Transfer-Encoding: chunked\r\n\r\nzz\r\ndeny=1\r\n0\r\n\r\n";
            await tls.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));

            var answer = new byte[64];
            int read = await tls.ReadAsync(answer);
            var statusLine = System.Text.Encoding.ASCII.GetString(answer, 0, read).Split('\r')[0];

            Assert.Matches(@"^HTTP/1\.1 4\d\d ", statusLine);
            Assert.Equal(PushDecision.Pending, world.TestStore.Store.PushApprovals.Get(approvalId)!.Decision);
            using var page = await Client().GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        [Fact]
        public async Task The_page_speaks_https_only()
        {
            using var world = await PushTestWorld.StartAsync();
            using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

            await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync($"http://127.0.0.1:{world.Page.Port}/approve/x"));
        }

        private static HttpClient Client() =>
            new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
    }
}
#endif
