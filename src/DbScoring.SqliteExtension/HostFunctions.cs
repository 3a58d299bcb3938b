using System;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using DbScoring.Store.Sqlite;

namespace DbScoring.SqliteExtension
{
    /// <summary>
    /// The dbscoring_ functions on a host connection: every entry of <see cref="SqliteScoringFunctions.Definitions"/>
    /// registered with sqlite3_create_function_v2, each with a GC handle to its <see cref="HostFunction"/> as user data
    /// (freed by SQLite through <see cref="Destroy"/> when the function is replaced or the connection closes).
    /// No exception ever crosses back into SQLite: a failure becomes sqlite3_result_error with the exception's text,
    /// exactly as Microsoft.Data.Sqlite reports it for the store's own connections.
    /// </summary>
    internal static unsafe class HostFunctions
    {
        /// <summary>One catalog (model cache) per store file, shared by the process's connections to it.</summary>
        private static readonly ConcurrentDictionary<string, SqliteModelCatalog> Catalogs = new ConcurrentDictionary<string, SqliteModelCatalog>(StringComparer.Ordinal);

        private static SqliteApi* Api => ExtensionEntryPoint.Api;

        /// <summary>Registers every function on <paramref name="db"/>.</summary>
        internal static void Register(nint db)
        {
            var registry = new HostRegistryConnection(db);
            string file = registry.MainFileName();
            // An in-memory or temporary database has no file name and gets a catalog of its own.
            var catalog = file.Length == 0 ? new SqliteModelCatalog("an unnamed database") : Catalogs.GetOrAdd(file, f => new SqliteModelCatalog(f));
            var functions = new SqliteScoringFunctions(reference => catalog.Resolve(registry, reference));
            foreach (var definition in SqliteScoringFunctions.Definitions)
            {
                var handle = GCHandle.Alloc(new HostFunction(functions, definition));
                byte[] name = HostText.NulTerminated(definition.Name);
                int flags = SqliteConstants.Utf8 | (definition.IsDeterministic ? SqliteConstants.Deterministic : 0);
                int rc;
                fixed (byte* namePointer = name)
                    rc = Api->create_function_v2(db, namePointer, definition.Arity, flags, GCHandle.ToIntPtr(handle), &Invoke, 0, 0, &Destroy);
                // On failure SQLite has already called Destroy, which freed the handle.
                if (rc != SqliteConstants.Ok)
                    throw new InvalidOperationException($"sqlite3_create_function_v2('{definition.Name}') returned {rc}: {registry.LastError()}");
            }
        }

        [UnmanagedCallersOnly]
        private static void Invoke(nint context, int argc, nint* argv)
        {
            try
            {
                var function = (HostFunction)GCHandle.FromIntPtr(Api->user_data(context)).Target!;
                object? result = function.Definition.Invoke(function.Functions, function.ReadArguments(argc, argv));
                SetResult(context, result);
            }
            catch (Exception e)
            {
                SetError(context, e.Message);
            }
        }

        [UnmanagedCallersOnly]
        private static void Destroy(nint userData) => GCHandle.FromIntPtr(userData).Free();

        private static void SetResult(nint context, object? result)
        {
            switch (result)
            {
                case null: Api->result_null(context); break;
                case long l: Api->result_int64(context, l); break;
                case double d: Api->result_double(context, d); break;
                case string s:
                    var text = HostText.Utf8(s, stackalloc byte[512]);
                    byte empty = 0;
                    // A NULL pointer would make the result SQL NULL: empty text needs a real (empty) buffer.
                    fixed (byte* bytes = text) Api->result_text(context, text.Length == 0 ? &empty : bytes, text.Length, SqliteConstants.Transient);
                    break;
                case byte[] blob:
                    byte none = 0;
                    // As for text: a NULL pointer would make the result SQL NULL.
                    fixed (byte* bytes = blob) Api->result_blob(context, blob.Length == 0 ? &none : bytes, blob.Length, SqliteConstants.Transient);
                    break;
                default: throw new InvalidOperationException($"A dbscoring_ function returned a {result.GetType().Name}, which has no SQLite type here.");
            }
        }

        private static void SetError(nint context, string message)
        {
            var text = HostText.Utf8(message, stackalloc byte[1024]);
            fixed (byte* bytes = text) Api->result_error(context, bytes, text.Length);
        }

        /// <summary>What each registered function's user data points at.</summary>
        private sealed class HostFunction
        {
            private object?[] _arguments = Array.Empty<object?>();
            private HostText.Cache[] _texts = Array.Empty<HostText.Cache>();

            internal HostFunction(SqliteScoringFunctions functions, SqliteFunctionDefinition definition)
            {
                Functions = functions;
                Definition = definition;
            }

            internal SqliteScoringFunctions Functions { get; }
            internal SqliteFunctionDefinition Definition { get; }

            /// <summary>
            /// The arguments as the store's binding sees them (long, double, string, byte[], null). The array is reused
            /// from row to row (the functions copy what they keep), and so are strings whose bytes did not change: the
            /// input names and the model reference cost no allocation after the first row.
            /// </summary>
            internal object?[] ReadArguments(int argc, nint* argv)
            {
                if (_arguments.Length != argc)
                {
                    _arguments = new object?[argc];
                    _texts = new HostText.Cache[argc];
                    for (int i = 0; i < argc; i++) _texts[i] = new HostText.Cache();
                }
                for (int i = 0; i < argc; i++)
                {
                    nint value = argv[i];
                    _arguments[i] = Api->value_type(value) switch
                    {
                        SqliteConstants.Integer => Api->value_int64(value),
                        SqliteConstants.Float => Api->value_double(value),
                        SqliteConstants.Text => _texts[i].Get(Api->value_text(value), Api->value_bytes(value)),
                        SqliteConstants.Blob => Blob(value),
                        _ => null,
                    };
                }
                return _arguments;
            }

            private static byte[] Blob(nint value)
            {
                byte* bytes = Api->value_blob(value);
                int length = Api->value_bytes(value);
                return length == 0 ? Array.Empty<byte>() : new ReadOnlySpan<byte>(bytes, length).ToArray();
            }
        }
    }
}
