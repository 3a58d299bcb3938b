using System.Linq;
using BenchmarkDotNet.Attributes;
using DbScoring.Runtime;

namespace DbScoring.Benchmarks
{
    /// <summary>The BenchmarkDotNet suite (full mode): one pass over the Adult rows per invocation, per model and competitor.</summary>
    [MemoryDiagnoser]
    public class ScoringBenchmarks
    {
        private Scenario _scenario = null!;
        private Scorer _scorer = null!;

        [ParamsSource(nameof(Models))]
        public string Model { get; set; } = "";

        public static string[] Models => Scenario.Names.Select(n => n.Name).ToArray();

        [GlobalSetup]
        public void Setup()
        {
            _scenario = Scenario.All(Model).First(s => s.Name == Model);
            _scorer = _scenario.Model.CreateScorer();
        }

        [Benchmark(Baseline = true, Description = "ML.NET Transform")]
        public double MlNetTransform() => _scenario.ScoreWithTransform();

        [Benchmark(Description = "ML.NET PredictionEngine")]
        public double MlNetPredictionEngine() => _scenario.ScoreWithPredictionEngine();

        [Benchmark(Description = "DbScoring runtime")]
        public double DbScoringRuntime() => _scenario.ScoreWithRuntime(_scorer);

        [Benchmark(Description = "DbScoring blob load")]
        public ScoringModel BlobLoad() => ScoringModel.Load(_scenario.Blob);
    }
}
