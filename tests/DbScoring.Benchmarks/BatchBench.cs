using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// `--batch [filter] [rounds]`: only the batch path against one row at a time, for choosing the batch path per model
    /// shape on a shared machine. The two are measured alternately (round after round, each a median of passes after a
    /// warm-up) and the ratio is taken within each round; the median ratio is printed.
    /// </summary>
    public static class BatchBench
    {
        public static void Run(string? filter, int rounds, TextWriter o)
        {
            o.WriteLine($"load average {QuickBench.LoadAverage()}");
            o.WriteLine("| model | one row rows/s | batch rows/s | batch ÷ one row (median of rounds) | each round |");
            o.WriteLine("|---|---:|---:|---:|---|");
            foreach (var scenario in Scenario.All(filter))
            {
                int rows = scenario.Rows.Count;
                var scorer = scenario.Model.CreateScorer();
                var batch = new BatchColumns(scenario);
                var one = new List<double>();
                var many = new List<double>();
                for (int round = 0; round < rounds; round++)
                {
                    one.Add(QuickBench.RowsPerSecond(rows, () => scenario.ScoreWithRuntime(scorer)));
                    many.Add(QuickBench.RowsPerSecond(rows, () => batch.Score(scorer)));
                }
                var ratios = one.Select((x, i) => many[i] / x).ToList();
                double Median(List<double> xs) => xs.OrderBy(x => x).ElementAt(xs.Count / 2);
                o.WriteLine($"| {scenario.Name} | {QuickBench.F(Median(one))} | {QuickBench.F(Median(many))} | {Median(ratios):0.00}× | {string.Join(", ", ratios.Select(r => r.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} |");
                o.Flush();
            }
        }
    }
}
