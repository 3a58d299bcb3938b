using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// `--quick [filter]`: the few-minute comparison table (build.ps1 bench). Anything else goes to BenchmarkDotNet,
    /// e.g. `dotnet run -c Release -- --filter *ScoringBenchmarks*`.
    /// </summary>
    public static class Program
    {
        public static void Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "--quick")
            {
                QuickBench.Run(args.Skip(1).FirstOrDefault(), Console.Out);
                return;
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
