#if NET
using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Chromium;
using OpenQA.Selenium.Support.UI;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Push;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>
    /// The person logging in: a real browser (Debian's chromium, headless, at a 390x844 phone's size) opens the link the
    /// webhook carried, picks the number RAS's prompt shows, and the held second round is answered by what they did.
    /// </summary>
    public sealed class PushApprovalBrowserTests
    {
        [Fact]
        public async Task Picking_the_number_from_the_prompt_on_the_page_approves_the_held_round()
        {
            using var world = await PushTestWorld.StartAsync();
            var (prompt, approvalId, link) = await world.BeginAsync();
            int number = world.TestStore.Store.PushApprovals.Get(approvalId)!.Number;
            Assert.Contains($"pick {number}", prompt);
            var held = world.Method.VerifyAsync(CodeResponse.FromClear(new byte[0]), world.Request(approvalId), CancellationToken.None);

            using var browser = Phone();
            browser.Navigate().GoToUrl(link);
            Assert.Contains("alice", browser.FindElement(By.TagName("dl")).Text);
            Assert.Equal(3, browser.FindElements(By.CssSelector("button[name=number]")).Count);
            SaveScreenshot(browser);
            browser.FindElement(By.Id("number-" + number)).Click();

            Assert.Equal("Approved", Outcome(browser));
            Assert.NotNull(await held);
            Assert.Equal(PushDecision.Approved, world.TestStore.Store.PushApprovals.Get(approvalId)!.Decision);
        }

        [Fact]
        public async Task Deny_on_the_page_rejects_the_held_round_at_once()
        {
            using var world = await PushTestWorld.StartAsync();
            var (_, approvalId, link) = await world.BeginAsync();
            var held = world.Method.VerifyAsync(CodeResponse.FromClear(new byte[0]), world.Request(approvalId), CancellationToken.None);

            using var browser = Phone();
            browser.Navigate().GoToUrl(link);
            browser.FindElement(By.Id("deny")).Click();

            Assert.Equal("Denied", Outcome(browser));
            Assert.Null(await held);
        }

        [Fact]
        public async Task A_wrong_number_denies_and_the_link_is_dead_afterwards()
        {
            using var world = await PushTestWorld.StartAsync();
            var (_, approvalId, link) = await world.BeginAsync();
            var approval = world.TestStore.Store.PushApprovals.Get(approvalId)!;
            int decoy = approval.Choices.First(c => c != approval.Number);

            using var browser = Phone();
            browser.Navigate().GoToUrl(link);
            browser.FindElement(By.Id("number-" + decoy)).Click();
            Assert.Equal("Denied", Outcome(browser));

            Assert.Null(await world.Method.VerifyAsync(CodeResponse.FromClear(new byte[0]), world.Request(approvalId), CancellationToken.None));
            browser.Navigate().GoToUrl(link);
            Assert.Equal("This link is not valid", Outcome(browser));
        }

        internal static ChromeDriver Phone()
        {
            var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
            service.HideCommandPromptWindow = true;
            service.SuppressInitialDiagnosticInformation = true;
            var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium", AcceptInsecureCertificates = true };
            options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=390,844");
            options.EnableMobileEmulation(new ChromiumMobileEmulationDeviceSettings
            {
                Width = 390,
                Height = 844,
                PixelRatio = 1,
                UserAgent = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
            });
            return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        }

        internal static string Outcome(IWebDriver browser) =>
            new WebDriverWait(browser, TimeSpan.FromSeconds(10)).Until(b => b.FindElements(By.Id("outcome")).FirstOrDefault())!.Text;

        // The page as a phone shows it; docs/images/push-approval.png is this file, copied when the page changes.
        private static void SaveScreenshot(ChromeDriver browser) =>
            browser.GetScreenshot().SaveAsFile(Path.Combine(Path.GetTempPath(), "rasmfa-push-approval.png"));
    }
}
#endif
