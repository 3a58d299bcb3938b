using System;
using System.Diagnostics;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// How every load figure is timed (the quick benchmark's load column and `--load`): the load is repeated for
    /// <see cref="WarmUpSeconds"/> first, so that both sides run fully optimized (tier-1) code — ours and ML.NET's —
    /// and the process's first loads (tier-0 code, on-stack replacement, heap growth) are not what is measured; then the
    /// median of the timed loads. Timed one load at a time with a stopwatch, so a garbage collection that a load causes
    /// counts in the loads it falls in, as it would for a caller.
    /// </summary>
    internal static class LoadTiming
    {
        /// <summary>Seconds of repeated loads before timing (tiered JIT promotes a method after 30 calls and a 100 ms quiet period).</summary>
        internal const double WarmUpSeconds = 2;

        /// <summary>Median microseconds of <paramref name="runs"/> calls of <paramref name="load"/>, after <see cref="WarmUpSeconds"/> of warm-up.</summary>
        internal static double SteadyMedianMicroseconds(int runs, Action load) => SteadyMedianMicroseconds(runs, load, WarmUpSeconds);

        /// <summary>Median microseconds of <paramref name="runs"/> calls of <paramref name="load"/>, after <paramref name="warmUpSeconds"/> of warm-up (at least one call).</summary>
        internal static double SteadyMedianMicroseconds(int runs, Action load, double warmUpSeconds)
        {
            var warmUp = Stopwatch.StartNew();
            do load(); while (warmUp.Elapsed.TotalSeconds < warmUpSeconds);
            var us = new double[runs];
            for (int i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                load();
                us[i] = clock.Elapsed.TotalMilliseconds * 1000;
            }
            Array.Sort(us);
            return us[runs / 2];
        }
    }
}
