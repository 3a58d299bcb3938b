namespace DbScoring.Store.Sqlite
{
    public sealed partial class SqliteModelStore
    {
        /// <inheritdoc />
        public AuditVerification VerifyAuditTrail(string? model = null, long? runId = null) => Guard(() =>
        {
            if (model != null) StoreNames.CheckModel(model, nameof(model));
            RequireSchema();
            return SqliteAuditTrail.Verify(_connection, model, runId);
        });
    }
}
