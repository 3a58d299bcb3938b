using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// `--quick [filter]`: the few-minute comparison table (build.ps1 bench); `--score-file [rows]`: `dbscoring score`
    /// end to end (CSV in, CSV out); `--xgboost`: XGBoost models against XGBoost's own predictor and ONNX Runtime; `--onnx`: ONNX models converted by
    /// DbScoring against ONNX Runtime on the same files;
    /// `--explain [filter]`: the cost of reason codes against scoring alone; `--sqlite [filter|-] [rows] [runs]`: only the
    /// SQLite score-table vs INSERT … SELECT figures, several runs with medians; `--monitoring [rows] [runs]`: what drift
    /// and a shadow version add to a SQLite score-table run; `--load [filter|-] [runs]`: where a blob load's time goes (phases) against a
    /// warm ML.NET Model.Load; `--save-models folder [filter]` and `--profile file passes [batch]`: instruction counts per row under
    /// callgrind (<see cref="ProfileBench"/>).
    /// Anything else goes to BenchmarkDotNet,
    /// e.g. `dotnet run -c Release -- --filter *ScoringBenchmarks*`.
    /// </summary>
    public static class Program
    {
        public static void Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "--score-file")
            {
                FileScoringBench.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000, Console.Out);
                return;
            }
            if (args.Length > 0 && args[0] == "--xgboost")
            {
                Xgboost.XgboostBench.Run(Console.Out);
                return;
            }
            if (args.Length > 0 && args[0] == "--onnx")
            {
                OnnxBench.Run(Console.Out);
                return;
            }
            if (args.Length > 0 && args[0] == "--explain")
            {
                ExplainBench.Run(args.Skip(1).FirstOrDefault(), Console.Out);
                return;
            }
            if (args.Length > 0 && args[0] == "--sqlite")
            {
                string? filter = args.Length > 1 && args[1] != "-" ? args[1] : null;
                SqliteBench.RunAlone(filter, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : SqliteBench.Rows,
                    args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3, Console.Out);
                return;
            }
            if (args.Length > 0 && args[0] == "--monitoring")
            {
                MonitoringCostBench.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000,
                    args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3, Console.Out);
                return;
            }
            if (args.Length > 0 && args[0] == "--batch")
            {
                BatchBench.Run(args.Length > 1 && args[1] != "-" ? args[1] : null, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3, Console.Out);
                return;
            }
            if (args.Length > 0 && args[0] == "--load")
            {
                LoadBench.Run(args.Length > 1 && args[1] != "-" ? args[1] : null, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 31, Console.Out);
                return;
            }
            if (args.Length > 1 && args[0] == "--load-loop")
            {
                LoadBench.Loop(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000, Console.Out);
                return;
            }
            if (args.Length > 1 && args[0] == "--save-models")
            {
                ProfileBench.SaveModels(args[1], args.Length > 2 ? args[2] : null, Console.Out);
                return;
            }
            if (args.Length > 2 && args[0] == "--profile")
            {
                ProfileBench.Profile(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args.Length > 3 && args[3] == "batch", Console.Out);
                return;
            }
            if (args.Length > 0 && args[0] == "--quick")
            {
                QuickBench.Run(args.Skip(1).FirstOrDefault(), Console.Out);
                return;
            }
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
