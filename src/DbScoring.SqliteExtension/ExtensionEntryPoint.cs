using System;
using System.Runtime.InteropServices;
using System.Text;

namespace DbScoring.SqliteExtension
{
    /// <summary>
    /// What SQLite calls when a connection loads the library: <c>.load dbscoring</c> in the sqlite3 shell,
    /// <c>connection.load_extension("…/dbscoring")</c> in Python, <c>sqlite3_load_extension()</c> anywhere. It keeps the
    /// host's API table and registers the dbscoring_ functions on that connection.
    /// </summary>
    internal static unsafe class ExtensionEntryPoint
    {
        /// <summary>
        /// The host's API table. Like SQLITE_EXTENSION_INIT1 in a C extension it is process-wide: every connection of
        /// one SQLite library hands the same table.
        /// </summary>
        internal static SqliteApi* Api;

        /// <summary>The generic entry point, used when the file is renamed.</summary>
        [UnmanagedCallersOnly(EntryPoint = "sqlite3_extension_init")]
        private static int ExtensionInit(nint db, byte** errorMessage, SqliteApi* api) => Init(db, errorMessage, api);

        /// <summary>The entry point SQLite derives from the file name dbscoring.so/.dll/.dylib, and tries first.</summary>
        [UnmanagedCallersOnly(EntryPoint = "sqlite3_dbscoring_init")]
        private static int DbScoringInit(nint db, byte** errorMessage, SqliteApi* api) => Init(db, errorMessage, api);

        private static int Init(nint db, byte** errorMessage, SqliteApi* api)
        {
            try
            {
                int version = api->libversion_number();
                if (version < SqliteConstants.MinimumVersionNumber)
                    return Fail(errorMessage, api, $"dbscoring needs SQLite 3.8.3 or newer; this host runs {version / 1000000}.{version / 1000 % 1000}.{version % 1000}.");
                Api = api;
                HostFunctions.Register(db);
                return SqliteConstants.Ok;
            }
            catch (Exception e)
            {
                return Fail(errorMessage, api, "dbscoring could not register its functions: " + e.Message);
            }
        }

        /// <summary>Hands SQLite an error message in memory from sqlite3_malloc, which SQLite frees with sqlite3_free.</summary>
        private static int Fail(byte** errorMessage, SqliteApi* api, string message)
        {
            if (errorMessage != null)
            {
                byte[] text = Encoding.UTF8.GetBytes(message);
                byte* copy = api->malloc(text.Length + 1);
                if (copy != null)
                {
                    Marshal.Copy(text, 0, (nint)copy, text.Length);
                    copy[text.Length] = 0;
                    *errorMessage = copy;
                }
            }
            return SqliteConstants.Error;
        }
    }
}
