using System;
using System.IO;
using System.Linq;
using DbScoring.InstallerBuilder;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// An install or upgrade never runs under a scoring run, and no audit link precedes the chain's start (SQL review 6.4):
/// ScoreTable holds the install lock shared for a run, the installer holds it exclusive from its preconditions to its last
/// batch, and the link triggers are created only after the genesis step. Checked in the scripts the installer is built from.
/// </summary>
public class InstallWhileScoringTests
{
    private const string InstallLock = "N'DbScoring.Install:' + DB_NAME()";

    private static string Script(string relative) => File.ReadAllText(Path.Combine(Repo.Sql, relative));

    [Fact]
    public void The_link_triggers_are_created_after_the_chain_starts_and_the_chain_start_after_what_it_runs()
    {
        var order = InstallerGenerator.ReadBuildOrder(Repo.Sql).ToList();
        int start = order.IndexOf("Install/AuditChainStart.Install.sql");
        var links = order.Where(e => e.EndsWith("_Link.Trigger.sql", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, links.Count);
        Assert.All(links, link => Assert.True(order.IndexOf(link) > start, link + " is created before Install/AuditChainStart"));
        foreach (string used in new[] { "Procedures/scoring.Private_AppendAuditLink.Procedure.sql", "Functions/scoring.Private_AuditContent.Function.sql" })
        {
            Assert.True(order.IndexOf(used) is >= 0 and var at && at < start, used + " must be created before Install/AuditChainStart, which runs it");
        }
    }

    [Fact]
    public void ScoreTable_holds_the_install_lock_shared_before_anything_and_releases_it_on_every_way_out()
    {
        string text = Script("Procedures/scoring.ScoreTable.Procedure.sql");
        Assert.Contains("@InstallLockName nvarchar(255) = LEFT(" + InstallLock + ", 255)", text);
        int install = text.IndexOf("@Resource = @InstallLockName, @LockMode = 'Shared', @LockOwner = 'Session', @LockTimeout = 0", StringComparison.Ordinal);
        int target = text.IndexOf("@Resource = @LockName, @LockMode = 'Exclusive'", StringComparison.Ordinal);
        int runStarts = text.IndexOf("KeyColumns, Command, StartedAt)", StringComparison.Ordinal); // the run row, inside TRY
        Assert.True(install > 0 && install < target && install < runStarts, "the install lock is taken before the target lock and the run row");
        Assert.Contains("THROW 50094", text);
        // Released: when the target lock is refused, on success, and in CATCH.
        Assert.Equal(3, CountOf(text, "sp_releaseapplock @Resource = @InstallLockName"));
    }

    [Fact]
    public void The_installer_takes_the_install_lock_exclusive_in_its_preconditions_and_releases_it_when_they_fail_and_at_the_end()
    {
        string preconditions = Script("Install/Preconditions.Install.sql");
        Assert.Contains("LEFT(" + InstallLock + ", 255)", preconditions);
        Assert.Contains("@Resource = @InstallLock, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0", preconditions);
        int release = preconditions.IndexOf("sp_releaseapplock @Resource = @InstallLock", StringComparison.Ordinal);
        Assert.True(release > 0 && release < preconditions.IndexOf("SET NOEXEC ON;", StringComparison.Ordinal), "failed preconditions release the lock");

        string finish = Script("Install/Finish.Install.sql");
        Assert.Contains("LEFT(" + InstallLock + ", 255)", finish);
        int noexecOff = finish.LastIndexOf("SET NOEXEC OFF;", StringComparison.Ordinal);
        Assert.True(finish.IndexOf("sp_releaseapplock @Resource = @InstallLock", StringComparison.Ordinal) > noexecOff,
            "the lock is released after NOEXEC is off, so a failed step still releases it");
        Assert.Equal("Install/Finish.Install.sql", InstallerGenerator.ReadBuildOrder(Repo.Sql).Last());
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
