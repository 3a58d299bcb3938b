namespace DbScoring.Cli
{
    /// <summary>Process exit codes of <c>dbscoring</c>, documented in README.md. Stable — scripts depend on them.</summary>
    public static class ExitCodes
    {
        /// <summary>Success.</summary>
        public const int Ok = 0;
        /// <summary>An unexpected failure (a bug): the message and stack trace are printed.</summary>
        public const int Unexpected = 1;
        /// <summary>Bad command line: unknown command or option, missing or invalid argument.</summary>
        public const int BadArguments = 2;
        /// <summary>Bad model: the ML.NET model cannot be converted exactly, or a model blob is corrupt, tampered with or unsupported.</summary>
        public const int BadModel = 3;
        /// <summary>Bad data: an input file is missing, unreadable, lacks required columns or holds values of the wrong type.</summary>
        public const int BadData = 4;
        /// <summary>Not found: the model, version or alias does not exist in the store.</summary>
        public const int NotFound = 5;
        /// <summary>Store failure: the database cannot be opened, is locked or read-only, or refused the change.</summary>
        public const int StoreError = 6;
        /// <summary>Audit trail broken: <c>audit verify</c> found a row or link that no longer matches its recorded digest.</summary>
        public const int AuditTrailBroken = 7;
    }
}
