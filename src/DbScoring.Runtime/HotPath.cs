using System.Runtime.CompilerServices;

namespace DbScoring.Runtime
{
    /// <summary>The one place that decides how per-row code is compiled: <c>[MethodImpl(HotPath.Options)]</c>.</summary>
    internal static class HotPath
    {
#if NET
        /// <summary>
        /// .NET 10: fully optimized from the first call. Per-row methods would otherwise start in unoptimized tier-0 code,
        /// and a short run (a SQL statement over a few thousand rows, one CLI file, model load) would spend its time there.
        /// </summary>
        internal const MethodImplOptions Options = MethodImplOptions.AggressiveOptimization;
#else
        /// <summary>.NET Framework 4.8 (SQL Server's CLR) has no tiered JIT: every method is fully optimized anyway.</summary>
        internal const MethodImplOptions Options = 0;
#endif
    }
}
