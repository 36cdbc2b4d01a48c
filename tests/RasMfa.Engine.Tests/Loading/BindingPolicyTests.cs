using System.Reflection;
using RasMfa.Cmdlets.Loading;
using Xunit;

namespace RasMfa.Engine.Tests.Loading
{
    /// <summary>Windows PowerShell 5.1's resolver: when it answers for an assembly as a binding redirect would.</summary>
    public class BindingPolicyTests
    {
        private const string MicrosoftToken = "cc7b13ffcd2ddd51";

        private static AssemblyName Name(string name, string version, string? token = MicrosoftToken) =>
            new AssemblyName($"{name}, Version={version}, Culture=neutral, PublicKeyToken={token ?? "null"}");

        [Fact]
        public void An_older_version_asked_for_gets_the_shipped_one_from_anyone()
        {
            // Microsoft.Data.Sqlite asks for System.Memory 4.0.1.1; the module ships 4.0.5.0.
            Assert.True(BindingPolicy.ShouldAnswer(Name("System.Memory", "4.0.1.1"), Name("System.Memory", "4.0.5.0"), requestedByModule: false));
        }

        [Fact]
        public void A_newer_version_asked_for_by_the_module_gets_the_shipped_one()
        {
            // System.Threading.Tasks.Extensions asks for Unsafe 4.0.4.1 where 6.0.0.0 ships, and the reverse happens too.
            Assert.True(BindingPolicy.ShouldAnswer(Name("System.Runtime.CompilerServices.Unsafe", "6.0.0.0"), Name("System.Runtime.CompilerServices.Unsafe", "4.0.4.1"), requestedByModule: true));
        }

        [Fact]
        public void A_newer_version_asked_for_by_another_module_is_left_to_that_module()
        {
            Assert.False(BindingPolicy.ShouldAnswer(Name("Microsoft.Extensions.Logging", "10.0.0.0", "adb9793829ddae60"), Name("Microsoft.Extensions.Logging", "9.0.0.0", "adb9793829ddae60"), requestedByModule: false));
        }

        [Fact]
        public void Another_signing_key_or_name_is_never_answered()
        {
            Assert.False(BindingPolicy.ShouldAnswer(Name("System.Memory", "4.0.1.1", "0123456789abcdef"), Name("System.Memory", "4.0.5.0"), requestedByModule: true));
            Assert.False(BindingPolicy.ShouldAnswer(Name("System.Buffers", "4.0.3.0"), Name("System.Memory", "4.0.5.0"), requestedByModule: true));
        }

        [Fact]
        public void A_bare_name_from_another_module_or_a_satellite_culture_is_not_answered()
        {
            Assert.False(BindingPolicy.ShouldAnswer(new AssemblyName("System.Memory"), Name("System.Memory", "4.0.5.0"), requestedByModule: false));
            Assert.True(BindingPolicy.ShouldAnswer(new AssemblyName("System.Memory"), Name("System.Memory", "4.0.5.0"), requestedByModule: true));
            var satellite = new AssemblyName("System.Memory, Version=4.0.5.0, Culture=de, PublicKeyToken=" + MicrosoftToken);
            Assert.False(BindingPolicy.ShouldAnswer(satellite, Name("System.Memory", "4.0.5.0"), requestedByModule: true));
        }

        [Fact]
        public void An_unsigned_request_for_our_own_engine_is_answered()
        {
            Assert.True(BindingPolicy.ShouldAnswer(Name("RasMfa.Engine", "0.1.0.0", null), Name("RasMfa.Engine", "0.1.0.0", null), requestedByModule: true));
        }
    }
}
