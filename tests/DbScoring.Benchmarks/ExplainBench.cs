using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;
using DbScoring.Runtime.Format;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// `--explain [filter]`: the cost of reason codes against scoring alone, per model, single thread, Adult rows. Node
    /// covers are recorded from the first 5,000 rows with the production <see cref="CoverRecorder"/> (what the converter
    /// does with --sample). Prints µs per row for Predict and for Explain and their ratio (median of 5 passes over the
    /// first 2,000 rows, Predict and Explain passes interleaved, after a three-second warm-up). Noisy on a shared machine:
    /// compare ratios within one run.
    /// </summary>
    public static class ExplainBench
    {
        private const int Passes = 5;
        private const int Rows = 2000;

        public static void Run(string? filter, TextWriter o)
        {
            o.WriteLine($"# Explanation cost — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
            o.WriteLine();
            o.WriteLine("| model | Predict µs/row | Explain µs/row | Explain ÷ Predict |");
            o.WriteLine("|---|---:|---:|---:|");
            foreach (var scenario in Scenario.All(filter))
            {
                var model = WithCovers(scenario);
                var scorer = model.CreateScorer();
                var explanation = new Explanation(model);
                var (predict, explain) = MicrosecondsPerRow(() => Pass(scenario, scorer, null), () => Pass(scenario, scorer, explanation));
                o.WriteLine($"| {scenario.Name} | {predict:0.00} | {explain:0.00} | {explain / predict:0.0}× |");
                o.Flush();
            }
        }

        private static ScoringModel WithCovers(Scenario scenario)
        {
            var recorder = new CoverRecorder(scenario.Model);
            if (!recorder.HasTrees) return scenario.Model;
            for (int r = 0; r < Math.Min(5000, scenario.Numbers.Length); r++)
            {
                Set(scenario, recorder.Scorer, r);
                recorder.Record();
            }
            var definition = scenario.Model.Definition.WithExplanations(recorder.ToExplanationData("5000 Adult rows"));
            return ScoringModel.Load(ModelSerializer.Write(definition));
        }

        private static void Set(Scenario scenario, Scorer scorer, int row)
        {
            for (int i = 0; i < scenario.IsText.Length; i++)
            {
                if (scenario.IsText[i]) scorer.SetText(i, scenario.Texts[row][i]);
                else scorer.SetNumber(i, scenario.Numbers[row][i]);
            }
        }

        private static double Pass(Scenario scenario, Scorer scorer, Explanation? explanation)
        {
            double sum = 0;
            for (int r = 0; r < Rows; r++)
            {
                Set(scenario, scorer, r);
                if (explanation == null) sum += scorer.Predict().Score;
                else { scorer.Explain(explanation); sum += explanation.Contributions[0]; }
            }
            return sum;
        }

        /// <summary>Median µs per row of <paramref name="a"/> and of <paramref name="b"/>, passes interleaved so that both see the same load.</summary>
        private static (double A, double B) MicrosecondsPerRow(Func<double> a, Func<double> b)
        {
            var warmUp = Stopwatch.StartNew();
            // Three seconds: on a busy machine one second left Explain's methods at tier-0 JIT code (measured 10× too slow).
            do { a(); b(); } while (warmUp.Elapsed.TotalSeconds < 3);
            var sa = new double[Passes];
            var sb = new double[Passes];
            for (int i = 0; i < Passes; i++)
            {
                var clock = Stopwatch.StartNew();
                a();
                sa[i] = clock.Elapsed.TotalSeconds;
                clock.Restart();
                b();
                sb[i] = clock.Elapsed.TotalSeconds;
            }
            Array.Sort(sa);
            Array.Sort(sb);
            return (sa[Passes / 2] * 1e6 / Rows, sb[Passes / 2] * 1e6 / Rows);
        }
    }
}
