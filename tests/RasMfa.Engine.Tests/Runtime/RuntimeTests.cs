using System;
using System.Runtime.InteropServices;
using Xunit;
using Xunit.Abstractions;

namespace RasMfa.Engine.Tests.Runtime
{
    /// <summary>
    /// Each build of this suite runs on the runtime it stands for: net8.0 on .NET 8 (PowerShell 7.4's), net472 on a
    /// .NET Framework runtime (Mono here, as Windows PowerShell 5.1's stand-in). build.ps1 prints the description.
    /// </summary>
    public sealed class RuntimeTests
    {
        private readonly ITestOutputHelper _output;

        public RuntimeTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void The_suite_runs_on_the_runtime_its_build_targets()
        {
            _output.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription}");
#if NET10_0
            Assert.Equal(10, Environment.Version.Major);
#elif NET8_0
            Assert.Equal(8, Environment.Version.Major);
            Assert.StartsWith(".NET 8.", RuntimeInformation.FrameworkDescription);
#elif NET472
            // Both Mono and the .NET Framework 4.x report CLR 4.0.30319.
            Assert.Equal(4, Environment.Version.Major);
            Assert.True(Type.GetType("Mono.Runtime") != null || RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework"), RuntimeInformation.FrameworkDescription);
#else
            Assert.Fail("A target this test does not know: say which runtime it must run on.");
#endif
        }
    }
}
