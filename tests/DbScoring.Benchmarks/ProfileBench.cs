using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Runtime;
using Microsoft.ML;

namespace DbScoring.Benchmarks
{
    /// <summary>
    /// Instruction counts per row under callgrind (docs/performance.md, "Instruction counts"). Two steps, so that the
    /// slow training never runs under valgrind:
    /// <list type="bullet">
    /// <item>`--save-models folder [filter]` trains the benchmark's models once and writes, per model, `slug.blob` (the
    /// converted model) and `slug.zip` (ML.NET's model).</item>
    /// <item>`--profile file passes [batch]` loads one of them and scores the Adult rows `passes` times on the main
    /// thread: a `.blob` one row at a time through the public `Scorer` API exactly as the quick benchmark does (or with
    /// `PredictBatch` when `batch` is given); a `.zip` with ML.NET's `Transform` and a cursor, the quick benchmark's
    /// baseline, after one warm-up pass. Instructions per row = Ir of the main thread's profile part between the two `getppid` markers
    /// (`--dump-before=getppid`) / (passes · rows).</item>
    /// </list>
    /// </summary>
    public static class ProfileBench
    {
        public static void SaveModels(string folder, string? filter, TextWriter o)
        {
            Directory.CreateDirectory(folder);
            foreach (var scenario in Scenario.All(filter))
            {
                string slug = Slug(scenario.Name);
                File.WriteAllBytes(Path.Combine(folder, slug + ".blob"), scenario.Blob);
                File.Copy(scenario.ZipPath, Path.Combine(folder, slug + ".zip"), overwrite: true);
                o.WriteLine($"{slug}: {scenario.Name}");
            }
        }

        public static void Profile(string file, int passes, bool batch, TextWriter o)
        {
            var ml = new MLContext(seed: 1);
            bool zip = file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
            var rows = zip ? AdultData.Load(ml) : LoadPlain(); // ML.NET's text loader costs more than a pass of scoring under valgrind
            bool multiclass = Path.GetFileName(file).StartsWith("Multiclass", StringComparison.Ordinal);
            double checksum = 0;
            if (zip)
            {
                var model = ml.Model.Load(file, out _);
                var data = ml.Data.LoadFromEnumerable(rows);
                checksum += Scenario.ScoreWithTransform(model, data, multiclass); // JIT and first-use costs stay outside the measured part
                Marker();
                for (int p = 0; p < passes; p++) checksum += Scenario.ScoreWithTransform(model, data, multiclass);
                Marker();
            }
            else
            {
                var model = ScoringModel.Load(File.ReadAllBytes(file));
                var runtimeRows = new RuntimeRows(model, rows, multiclass);
                var scorer = model.CreateScorer();
                var columns = batch ? new BatchColumns(model, runtimeRows) : null;
                double Pass() => columns != null ? columns.Score(scorer) : runtimeRows.ScoreOneRowAtATime(scorer);
                checksum += Pass();
                Marker();
                var cpu = new List<double>();
                for (int p = 0; p < passes; p++)
                {
                    double before = ThreadCpuSeconds();
                    checksum += Pass();
                    cpu.Add(ThreadCpuSeconds() - before);
                }
                Marker();
                cpu.Sort();
                o.WriteLine($"main thread CPU per row: median {cpu[cpu.Count / 2] * 1e9 / rows.Count:0.0} ns, fastest {cpu[0] * 1e9 / rows.Count:0.0} ns over {passes} passes");
            }
            o.WriteLine($"{Path.GetFileName(file)}: {passes} passes over {rows.Count} rows{(batch ? " (PredictBatch)" : "")}, checksum {checksum.ToString("R", CultureInfo.InvariantCulture)}");
        }

        /// <summary>
        /// Marks the measured passes for `valgrind --tool=callgrind --dump-before=getppid`: a profile part is written at each
        /// call, so the part between the two calls holds exactly the measured passes (one valgrind run per figure).
        /// </summary>
        private static void Marker()
        {
            try { getppid(); } catch (DllNotFoundException) { } catch (EntryPointNotFoundException) { }
        }

        [System.Runtime.InteropServices.DllImport("libc")]
        private static extern int getppid();

        /// <summary>CPU seconds of this thread (CLOCK_THREAD_CPUTIME_ID): on a shared machine, the time the scoring itself took.</summary>
        private static double ThreadCpuSeconds()
        {
            clock_gettime(3, out var time);
            return time.Seconds + time.Nanoseconds * 1e-9;
        }

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [System.Runtime.InteropServices.DllImport("libc")]
        private static extern int clock_gettime(int clock, out TimeSpec time);

        /// <summary>The Adult rows read with a plain split (the same values as ML.NET's loader for this file: trimmed texts, decimal numbers).</summary>
        private static List<AdultRow> LoadPlain()
        {
            float Number(string text) => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            var rows = new List<AdultRow>();
            foreach (string line in File.ReadLines(AdultData.Path()).Skip(1))
            {
                string[] f = line.Split(',').Select(x => x.Trim()).ToArray();
                if (f.Length < 15) continue;
                rows.Add(new AdultRow
                {
                    Age = Number(f[0]), Workclass = f[1], Fnlwgt = Number(f[2]), Education = f[3], EducationNum = Number(f[4]),
                    MaritalStatus = f[5], Occupation = f[6], Relationship = f[7], Ethnicity = f[8], Sex = f[9],
                    CapitalGain = Number(f[10]), CapitalLoss = Number(f[11]), HoursPerWeek = Number(f[12]), NativeCountry = f[13], Label = f[14] == "1",
                });
            }
            return rows;
        }

        /// <summary>A file name for a benchmark model: its letters and digits.</summary>
        public static string Slug(string name) => new string(name.Where(char.IsLetterOrDigit).ToArray());
    }
}
