#if NET
using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Packaging
{
    /// <summary>
    /// The engine's layering, read from its compiled metadata: the domain owns its ports, Storage implements them and
    /// Hosting composes; so no domain area may use Storage or Hosting, and the areas use one another without cycles.
    /// An area is the first namespace under RasMfa.Engine (Mfa.Stages counts as Mfa).
    /// </summary>
    public class NamespaceDependencyTests
    {
        private const string Root = "RasMfa.Engine.";

        private static readonly string[] DomainAreas =
        {
            "Administration", "Audit", "BypassCodes", "Clients", "Configuration", "Delivery", "Directories", "Entra", "FirstFactors", "Logging", "Mfa", "Push", "Radius", "Security", "Tokens", "Users",
        };

        private static readonly string[] CompositionAreas = { "Storage", "Hosting" };

        /// <summary>
        /// Uses tolerated although they close a cycle between domain areas (written "From -> To"), for a cycle that cannot
        /// be broken at once; none today. The rest of the graph must be acyclic, and a listed use that is gone fails the test.
        /// </summary>
        private static readonly string[] KnownBackEdges = Array.Empty<string>();

        private static readonly Lazy<IReadOnlyList<NamespaceDependencies.TypeUses>> EngineTypes =
            new Lazy<IReadOnlyList<NamespaceDependencies.TypeUses>>(() => NamespaceDependencies.Read(typeof(IRasMfaStore).Assembly.Location));

        [Fact]
        public void The_reader_sees_the_uses_it_must()
        {
            // SqlStore implements the ports of several areas; if the reader missed them, the other tests would pass vacuously.
            var store = EngineTypes.Value.Single(t => t.Type == typeof(SqlStore).FullName);
            Assert.Contains("RasMfa.Engine.Clients", store.Namespaces);
            Assert.Contains("RasMfa.Engine.Mfa", store.Namespaces);
            Assert.Contains(EngineTypes.Value, t => t.Namespace.StartsWith(Root + "Mfa", StringComparison.Ordinal) && t.Namespaces.Contains(Root + "Tokens"));
        }

        [Fact]
        public void Every_engine_namespace_belongs_to_a_listed_area()
        {
            // A new area must be placed as domain or composition, or the tests below would not look at it.
            var unplaced = EngineTypes.Value.Where(t => t.Namespace.StartsWith(Root, StringComparison.Ordinal)).Select(t => AreaOf(t.Namespace))
                .Where(area => !DomainAreas.Contains(area) && !CompositionAreas.Contains(area))
                .Distinct().OrderBy(area => area, StringComparer.Ordinal).ToList();
            Assert.True(unplaced.Count == 0, "Areas to add to DomainAreas or CompositionAreas: " + string.Join(", ", unplaced));
        }

        [Fact]
        public void No_domain_area_uses_Storage_or_Hosting()
        {
            var offenders = EngineTypes.Value
                .Where(t => DomainAreas.Contains(AreaOf(t.Namespace)))
                .SelectMany(t => t.Namespaces.Where(ns => CompositionAreas.Contains(AreaOf(ns))).Select(ns => $"{t.Type} uses {ns}"))
                .OrderBy(line => line, StringComparer.Ordinal)
                .ToList();
            Assert.True(offenders.Count == 0, "Domain code reaches into Storage or Hosting:\n" + string.Join("\n", offenders));
        }

        [Fact]
        public void Domain_areas_use_one_another_without_cycles_beyond_the_known_back_edges()
        {
            var graph = DomainAreas.ToDictionary(area => area, _ => new SortedSet<string>(StringComparer.Ordinal));
            foreach (var type in EngineTypes.Value)
            {
                var from = AreaOf(type.Namespace);
                if (!graph.ContainsKey(from)) continue;
                foreach (var to in type.Namespaces.Select(AreaOf).Where(a => a != from && graph.ContainsKey(a))) graph[from].Add(to);
            }
            var uses = string.Join("\n", graph.Select(e => $"{e.Key} -> {string.Join(", ", e.Value)}"));

            var gone = KnownBackEdges.Where(edge => !graph[From(edge)].Contains(To(edge))).ToList();
            foreach (var edge in KnownBackEdges) graph[From(edge)].Remove(To(edge));
            var cycles = StronglyConnected(graph).Where(c => c.Count > 1).Select(c => string.Join(" <-> ", c)).ToList();

            Assert.True(cycles.Count == 0, "Cycles between domain areas:\n" + string.Join("\n", cycles) + "\n\nUses:\n" + uses);
            Assert.True(gone.Count == 0, "These uses are gone; remove them from KnownBackEdges:\n" + string.Join("\n", gone));
        }

        private static string From(string edge) => edge.Substring(0, edge.IndexOf(" -> ", StringComparison.Ordinal));

        private static string To(string edge) => edge.Substring(edge.IndexOf(" -> ", StringComparison.Ordinal) + 4);

        /// <summary>The area of a namespace under RasMfa.Engine, or the namespace itself when it is outside the engine.</summary>
        private static string AreaOf(string ns)
        {
            if (!ns.StartsWith(Root, StringComparison.Ordinal)) return ns;
            var rest = ns.Substring(Root.Length);
            var dot = rest.IndexOf('.');
            return dot < 0 ? rest : rest.Substring(0, dot);
        }

        /// <summary>Tarjan's strongly connected components, each sorted by name: a component of two or more areas is a cycle.</summary>
        private static IEnumerable<IReadOnlyList<string>> StronglyConnected(IReadOnlyDictionary<string, SortedSet<string>> graph)
        {
            var index = new Dictionary<string, int>();
            var low = new Dictionary<string, int>();
            var stack = new Stack<string>();
            var components = new List<IReadOnlyList<string>>();

            void Visit(string node)
            {
                index[node] = low[node] = index.Count;
                stack.Push(node);
                foreach (var next in graph[node])
                {
                    if (!index.ContainsKey(next))
                    {
                        Visit(next);
                        low[node] = Math.Min(low[node], low[next]);
                    }
                    else if (stack.Contains(next))
                    {
                        low[node] = Math.Min(low[node], index[next]);
                    }
                }
                if (low[node] != index[node]) return;
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    component.Add(member);
                }
                while (member != node);
                component.Sort(StringComparer.Ordinal);
                components.Add(component);
            }

            foreach (var node in graph.Keys.OrderBy(k => k, StringComparer.Ordinal))
            {
                if (!index.ContainsKey(node)) Visit(node);
            }
            return components;
        }
    }
}
#endif
