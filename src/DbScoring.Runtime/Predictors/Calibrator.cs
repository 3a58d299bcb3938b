using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>Calibrator identifiers. Persisted — never renumber.</summary>
    public enum CalibratorKind : ushort
    {
        /// <summary>No calibrator: the model has no Probability output.</summary>
        None = 0,
        /// <summary><see cref="PlattCalibrator"/>.</summary>
        Platt = 1,
        /// <summary><see cref="NaiveCalibrator"/>.</summary>
        Naive = 2,
        /// <summary><see cref="IsotonicCalibrator"/>.</summary>
        Isotonic = 3,
        /// <summary><see cref="IdentityCalibrator"/> (format 1.1).</summary>
        Identity = 4,
        /// <summary><see cref="LogisticCalibrator"/> (format 1.1).</summary>
        Logistic = 5,
    }

    /// <summary>Maps a raw binary score to a probability. Immutable and thread-safe.</summary>
    public abstract class Calibrator
    {
        /// <summary>Persisted kind.</summary>
        public abstract CalibratorKind Kind { get; }

        /// <summary>Probability of the positive class for <paramref name="score"/>.</summary>
        public abstract float Probability(float score);

        internal abstract void WriteBody(BlobWriter writer);

        /// <summary>Writes kind, length and body; null writes kind <see cref="CalibratorKind.None"/>.</summary>
        internal static void Write(BlobWriter writer, Calibrator? calibrator)
        {
            writer.WriteUInt16((ushort)(calibrator?.Kind ?? CalibratorKind.None));
            int length = writer.BeginLength();
            calibrator?.WriteBody(writer);
            writer.EndLength(length);
        }

        /// <summary>Reads what <see cref="Write"/> wrote.</summary>
        internal static Calibrator? Read(BlobReader reader)
        {
            ushort kind = reader.ReadUInt16();
            var body = reader.Slice(reader.ReadCount(1, "calibrator length"), reader.Context + ", calibrator " + kind);
            Calibrator? calibrator;
            switch ((CalibratorKind)kind)
            {
                case CalibratorKind.None: calibrator = null; break;
                case CalibratorKind.Platt: calibrator = PlattCalibrator.ReadBody(body); break;
                case CalibratorKind.Naive: calibrator = NaiveCalibrator.ReadBody(body); break;
                case CalibratorKind.Isotonic: calibrator = IsotonicCalibrator.ReadBody(body); break;
                case CalibratorKind.Identity: calibrator = new IdentityCalibrator(); break;
                case CalibratorKind.Logistic: calibrator = new LogisticCalibrator(); break;
                default: throw reader.Fail($"unknown calibrator kind {kind}; this runtime supports 0..5 (a newer DbScoring may be needed)");
            }
            body.ExpectEnd();
            return calibrator;
        }
    }
}
