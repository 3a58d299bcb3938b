#if NET
using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// The net48 DbScoring.Runtime.dll must load in SQL Server as a SAFE assembly. The test project's build copies
    /// it to net48-runtime/ (see DbScoring.Runtime.Tests.csproj); a missing file is a failure, never a skip.
    /// </summary>
    public class SafeAssemblyTests
    {
        private static string Net48Runtime()
        {
            string path = Path.Combine(AppContext.BaseDirectory, "net48-runtime", "DbScoring.Runtime.dll");
            Assert.True(File.Exists(path), $"The net48 build of DbScoring.Runtime is missing at {path}; the test project's CopyNet48RuntimeForSafeInspection target should have put it there.");
            return path;
        }

        [Fact]
        public void The_inspected_runtime_is_the_NET_Framework_48_build()
        {
            Assert.Equal(".NETFramework,Version=v4.8", SafeAssemblyInspector.TargetFramework(Net48Runtime()));
        }

        [Fact]
        public void The_net48_runtime_breaks_no_SAFE_rule()
        {
            var violations = SafeAssemblyInspector.Inspect(Net48Runtime());
            Assert.True(violations.Count == 0, "SAFE violations:\n" + string.Join("\n", violations));
        }

        [Fact]
        public void The_inspector_reports_compiler_generated_lambda_caches_and_their_stores()
        {
            // This test assembly uses non-capturing lambdas (<>c caches) and static method groups (<>O caches):
            // both are writable statics assigned outside .cctor, which SQL Server refuses in SAFE assemblies.
            Func<int, int> twice = x => 2 * x;
            Assert.Equal(4, twice(2));
            var violations = SafeAssemblyInspector.Inspect(typeof(SafeAssemblyTests).Assembly.Location);
            Assert.Contains(violations, v => v.Rule == SafeRule.WritableStaticField && v.Where.Contains("+<>c::<>9__"));
            Assert.Contains(violations, v => v.Rule == SafeRule.WritableStaticField && v.Where.Contains("<>O"));
            Assert.Contains(violations, v => v.Rule == SafeRule.StaticStoreOutsideStaticConstructor && v.Where.Contains("<>9__"));
            Assert.Contains(violations, v => v.Rule == SafeRule.AssemblyReference && v.Where == "xunit.assert");
            Assert.Contains(violations, v => v.Rule == SafeRule.ForbiddenType && v.Where == "System.Threading.Thread");
        }

        [Fact]
        public void The_inspector_reports_value_tuples_which_need_NET_Framework_47()
        {
            var pair = (Trees: 2, Leaves: 3);
            Assert.Equal(6, pair.Trees * pair.Leaves);
            var violations = SafeAssemblyInspector.Inspect(typeof(SafeAssemblyTests).Assembly.Location);
            Assert.Contains(violations, v => v.Rule == SafeRule.ForbiddenType && v.Where == "System.ValueTuple`2");
        }

        [Fact]
        public void The_inspector_reports_locks_threads_and_unsupported_references_in_System_Collections_Concurrent()
        {
            var violations = SafeAssemblyInspector.Inspect(typeof(ConcurrentDictionary<,>).Assembly.Location);
            Assert.Contains(violations, v => v.Rule == SafeRule.ForbiddenType && v.Where == "System.Threading.Monitor");
            Assert.Contains(violations, v => v.Rule == SafeRule.ForbiddenType && v.Where == "System.Threading.Thread");
            Assert.Contains(violations, v => v.Rule == SafeRule.AssemblyReference && v.Where == "System.Private.CoreLib");
            Assert.Contains(violations, v => v.Rule == SafeRule.WritableStaticField);
            Assert.Contains(violations, v => v.Rule == SafeRule.StaticStoreOutsideStaticConstructor);
        }

        [Fact]
        public void The_supported_library_list_is_the_documented_one()
        {
            Assert.Contains("System.Data", SafeAssemblyInspector.SupportedLibraries);
            Assert.DoesNotContain("Microsoft.CSharp", SafeAssemblyInspector.SupportedLibraries);
            Assert.DoesNotContain("System.Runtime", SafeAssemblyInspector.SupportedLibraries);
            Assert.Equal(16, SafeAssemblyInspector.SupportedLibraries.Count);
        }
    }
}
#endif
