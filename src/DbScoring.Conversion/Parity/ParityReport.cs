using System.Collections.Generic;
using System.Globalization;

namespace DbScoring.Conversion.Parity
{
    /// <summary>What the parity gate checked and the largest differences it saw between the oracle (the model's own runtime) and DbScoring.</summary>
    public sealed class ParityReport
    {
        /// <summary>Rows scored by both.</summary>
        public int Rows { get; init; }

        /// <summary>Where the rows came from: "synthetic" or "file:&lt;name&gt;+edge-cases".</summary>
        public string Sample { get; init; } = "";

        /// <summary>What scored the rows beside DbScoring: "ML.NET 5.0.1", "XGBoost 1.7.4 (Python)", "ONNX Runtime 1.31.1".</summary>
        public string Oracle { get; init; } = "";

        /// <summary>Rows of the user's sample file among <see cref="Rows"/> (the first ones of the file); 0 without a sample.</summary>
        public int SampleRows { get; init; }

        /// <summary>Data rows in the sample file (the training ranges come from all of them); 0 without a sample.</summary>
        public long SampleFileRows { get; init; }

        /// <summary>What was checked, in words: "the first 10,000 of 300,000 sample rows + 200 edge rows".</summary>
        public string Coverage
        {
            get
            {
                string edge = $"{(Rows - SampleRows).ToString("N0", CultureInfo.InvariantCulture)} edge rows";
                if (SampleFileRows == 0) return $"{Rows.ToString("N0", CultureInfo.InvariantCulture)} rows ({Sample})";
                string used = SampleRows.ToString("N0", CultureInfo.InvariantCulture), all = SampleFileRows.ToString("N0", CultureInfo.InvariantCulture);
                return SampleFileRows > SampleRows ? $"the first {used} of {all} sample rows + {edge}" : $"all {used} sample rows + {edge}";
            }
        }

        /// <summary>Largest |difference| of Score (every class score for multiclass).</summary>
        public double MaxScoreDifference { get; init; }

        /// <summary>Largest |difference| of Probability (binary, calibrated); 0 when there is none.</summary>
        public double MaxProbabilityDifference { get; init; }

        /// <summary>Rows whose predicted label differs.</summary>
        public int LabelMismatches { get; init; }

        /// <summary>Rows with any difference beyond tolerance.</summary>
        public int FailedRows { get; init; }

        /// <summary>The absolute tolerance applied.</summary>
        public double Tolerance { get; init; }

        /// <summary>
        /// Rows the oracle itself refused to score (ONNX Runtime's Binarizer throws on a NaN score, which ML.NET's
        /// exported label step meets on rows of ±∞): left out of <see cref="Rows"/> and counted here.
        /// </summary>
        public int OracleRefusedRows { get; init; }

        /// <summary>The oracle's reason for the first row it refused; empty when it refused none.</summary>
        public string OracleRefusal { get; init; } = "";

        /// <summary>Up to ten descriptions of differing rows.</summary>
        public IReadOnlyList<string> Examples { get; init; } = new List<string>();

        /// <summary>The same figures, stating how many of the sample file's rows were checked.</summary>
        public ParityReport WithSample(int sampleRows, long sampleFileRows) => new()
        {
            Rows = Rows, Sample = Sample, Oracle = Oracle, MaxScoreDifference = MaxScoreDifference, MaxProbabilityDifference = MaxProbabilityDifference,
            LabelMismatches = LabelMismatches, FailedRows = FailedRows, Tolerance = Tolerance, Examples = Examples,
            OracleRefusedRows = OracleRefusedRows, OracleRefusal = OracleRefusal, SampleRows = sampleRows, SampleFileRows = sampleFileRows,
        };

        /// <summary>Whether the model passed.</summary>
        public bool Passed => FailedRows == 0;

        /// <summary>The figures as metadata entries stored in the blob.</summary>
        public IEnumerable<KeyValuePair<string, string>> ToMetadata()
        {
            yield return new("parity.rows", Rows.ToString(CultureInfo.InvariantCulture));
            yield return new("parity.sample", Sample);
            yield return new("parity.oracle", Oracle);
            yield return new("parity.maxScoreDifference", MaxScoreDifference.ToString("R", CultureInfo.InvariantCulture));
            yield return new("parity.maxProbabilityDifference", MaxProbabilityDifference.ToString("R", CultureInfo.InvariantCulture));
            yield return new("parity.labelMismatches", LabelMismatches.ToString(CultureInfo.InvariantCulture));
            yield return new("parity.tolerance", Tolerance.ToString("R", CultureInfo.InvariantCulture));
            if (OracleRefusedRows > 0)
            {
                yield return new("parity.oracleRefusedRows", OracleRefusedRows.ToString(CultureInfo.InvariantCulture));
                yield return new("parity.oracleRefusal", OracleRefusal);
            }
        }

        /// <inheritdoc />
        public override string ToString() =>
            $"on {Coverage} against {Oracle}: max |Δscore| {MaxScoreDifference:G3}, max |Δprobability| {MaxProbabilityDifference:G3}, " +
            $"{LabelMismatches} label mismatches, tolerance {Tolerance:G3} (relative beyond ±1)" +
            (OracleRefusedRows > 0 ? $", {OracleRefusedRows} {(OracleRefusedRows == 1 ? "row" : "rows")} {Oracle} could not score left out ({OracleRefusal})" : "") +
            $" — {(Passed ? "passed" : $"FAILED on {FailedRows} rows")}";
    }
}
