using System;
using System.Collections.Generic;
using DbScoring.Runtime.Monitoring;

namespace DbScoring.Store
{
    /// <summary>A model's drift thresholds (PSI), as set with <see cref="IModelStore.SetMonitoring"/> or the defaults.</summary>
    public sealed class MonitoringSettings
    {
        /// <summary>The default thresholds: warning 0.1, alert 0.25.</summary>
        public static readonly DriftThresholds Defaults = new DriftThresholds();

        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>PSI at or above which an input (or the Score) warns.</summary>
        public double WarningPsi { get; init; } = Defaults.Warning;
        /// <summary>PSI at or above which an input (or the Score) alerts.</summary>
        public double AlertPsi { get; init; } = Defaults.Alert;
        /// <summary>True when nothing was ever set for the model (the defaults apply).</summary>
        public bool IsDefault { get; init; } = true;
        /// <summary>Who set them; null for the defaults.</summary>
        public string? SetBy { get; init; }
        /// <summary>When, UTC; null for the defaults.</summary>
        public DateTime? SetAt { get; init; }
        /// <summary>The thresholds as the runtime reads them.</summary>
        public DriftThresholds Thresholds => new DriftThresholds(WarningPsi, AlertPsi);
    }

    /// <summary>The drift of one scoring run against the training profile of the version it scored with.</summary>
    public sealed class RunDriftReport
    {
        /// <summary>The run.</summary>
        public long RunId { get; init; }
        /// <summary>Model name.</summary>
        public string Model { get; init; } = "";
        /// <summary>Version scored with.</summary>
        public int Version { get; init; }
        /// <summary>False when the version has no training profile ("no profile"): then <see cref="Report"/> is null.</summary>
        public bool HasProfile { get; init; }
        /// <summary>Where the profile rows came from ("file:training.csv"); null without a profile.</summary>
        public string? ProfileSource { get; init; }
        /// <summary>The level the run recorded (None, Warning, Alert); null without a profile or while it runs.</summary>
        public string? DriftLevel { get; init; }
        /// <summary>The inputs (and outputs) at the run's level, as recorded; empty when none.</summary>
        public IReadOnlyList<string> DriftInputs { get; init; } = Array.Empty<string>();
        /// <summary>PSI and shares per input and output, with the bucket shares (for charts); null without a profile.</summary>
        public DriftReport? Report { get; init; }
    }
}
