using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>One SQL Server (the shared <see cref="SqlServerFixture"/>) for every integration test class of this assembly.</summary>
[CollectionDefinition(Name)]
public sealed class SqlServerCollection : ICollectionFixture<SqlServerFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "SQL Server";
}
