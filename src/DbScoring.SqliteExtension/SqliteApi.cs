namespace DbScoring.SqliteExtension
{
    /// <summary>
    /// <c>struct sqlite3_api_routines</c> of sqlite3ext.h, member for member in the header's order, up to the last
    /// member this extension calls (<c>db_filename</c>, SQLite 3.7.16). SQLite only ever appends members, so a prefix
    /// is a valid view of any newer host's table. Every member is a function pointer; the ones we call are typed, the
    /// others are <c>nint</c> placeholders that keep the offsets. SqliteApiLayoutTests compiles the real header with
    /// clang and checks every member's offset against offsetof().
    /// Handles (<c>sqlite3*</c>, <c>sqlite3_stmt*</c>, <c>sqlite3_context*</c>, <c>sqlite3_value*</c>) are <c>nint</c>;
    /// <c>char*</c> is UTF-8 (<c>byte*</c>).
    /// </summary>
#pragma warning disable CS0649, CS0169 // filled by SQLite, read through a pointer; lower-case names are the header's
    internal unsafe struct SqliteApi
    {
        internal nint aggregate_context;
        internal nint aggregate_count;
        internal nint bind_blob;
        internal nint bind_double;
        internal nint bind_int;
        internal delegate* unmanaged<nint, int, long, int> bind_int64;
        internal nint bind_null;
        internal nint bind_parameter_count;
        internal delegate* unmanaged<nint, byte*, int> bind_parameter_index;
        internal nint bind_parameter_name;
        internal delegate* unmanaged<nint, int, byte*, int, nint, int> bind_text;
        internal nint bind_text16;
        internal nint bind_value;
        internal nint busy_handler;
        internal nint busy_timeout;
        internal nint changes;
        internal nint close;
        internal nint collation_needed;
        internal nint collation_needed16;
        internal delegate* unmanaged<nint, int, byte*> column_blob;
        internal delegate* unmanaged<nint, int, int> column_bytes;
        internal nint column_bytes16;
        internal delegate* unmanaged<nint, int> column_count;
        internal nint column_database_name;
        internal nint column_database_name16;
        internal nint column_decltype;
        internal nint column_decltype16;
        internal delegate* unmanaged<nint, int, double> column_double;
        internal nint column_int;
        internal delegate* unmanaged<nint, int, long> column_int64;
        internal nint column_name;
        internal nint column_name16;
        internal nint column_origin_name;
        internal nint column_origin_name16;
        internal nint column_table_name;
        internal nint column_table_name16;
        internal delegate* unmanaged<nint, int, byte*> column_text;
        internal nint column_text16;
        internal delegate* unmanaged<nint, int, int> column_type;
        internal nint column_value;
        internal nint commit_hook;
        internal nint complete;
        internal nint complete16;
        internal nint create_collation;
        internal nint create_collation16;
        internal nint create_function;
        internal nint create_function16;
        internal nint create_module;
        internal nint data_count;
        internal nint db_handle;
        internal nint declare_vtab;
        internal nint enable_shared_cache;
        internal nint errcode;
        internal delegate* unmanaged<nint, byte*> errmsg;
        internal nint errmsg16;
        internal nint exec;
        internal nint expired;
        internal delegate* unmanaged<nint, int> finalize;
        internal nint free;
        internal nint free_table;
        internal nint get_autocommit;
        internal nint get_auxdata;
        internal nint get_table;
        internal nint global_recover;
        internal nint interruptx;
        internal nint last_insert_rowid;
        internal nint libversion;
        internal delegate* unmanaged<int> libversion_number;
        internal delegate* unmanaged<int, byte*> malloc;
        internal nint mprintf;
        internal nint open;
        internal nint open16;
        internal nint prepare;
        internal nint prepare16;
        internal nint profile;
        internal nint progress_handler;
        internal nint realloc;
        internal nint reset;
        internal delegate* unmanaged<nint, byte*, int, nint, void> result_blob;
        internal delegate* unmanaged<nint, double, void> result_double;
        internal delegate* unmanaged<nint, byte*, int, void> result_error;
        internal nint result_error16;
        internal nint result_int;
        internal delegate* unmanaged<nint, long, void> result_int64;
        internal delegate* unmanaged<nint, void> result_null;
        internal delegate* unmanaged<nint, byte*, int, nint, void> result_text;
        internal nint result_text16;
        internal nint result_text16be;
        internal nint result_text16le;
        internal nint result_value;
        internal nint rollback_hook;
        internal nint set_authorizer;
        internal nint set_auxdata;
        internal nint xsnprintf;
        internal delegate* unmanaged<nint, int> step;
        internal nint table_column_metadata;
        internal nint thread_cleanup;
        internal nint total_changes;
        internal nint trace;
        internal nint transfer_bindings;
        internal nint update_hook;
        internal delegate* unmanaged<nint, nint> user_data;
        internal delegate* unmanaged<nint, byte*> value_blob;
        internal delegate* unmanaged<nint, int> value_bytes;
        internal nint value_bytes16;
        internal delegate* unmanaged<nint, double> value_double;
        internal nint value_int;
        internal delegate* unmanaged<nint, long> value_int64;
        internal nint value_numeric_type;
        internal delegate* unmanaged<nint, byte*> value_text;
        internal nint value_text16;
        internal nint value_text16be;
        internal nint value_text16le;
        internal delegate* unmanaged<nint, int> value_type;
        internal nint vmprintf;
        internal nint overload_function;
        internal delegate* unmanaged<nint, byte*, int, nint*, byte**, int> prepare_v2;
        internal nint prepare16_v2;
        internal nint clear_bindings;
        internal nint create_module_v2;
        internal nint bind_zeroblob;
        internal nint blob_bytes;
        internal nint blob_close;
        internal nint blob_open;
        internal nint blob_read;
        internal nint blob_write;
        internal nint create_collation_v2;
        internal nint file_control;
        internal nint memory_highwater;
        internal nint memory_used;
        internal nint mutex_alloc;
        internal nint mutex_enter;
        internal nint mutex_free;
        internal nint mutex_leave;
        internal nint mutex_try;
        internal nint open_v2;
        internal nint release_memory;
        internal nint result_error_nomem;
        internal nint result_error_toobig;
        internal nint sleep;
        internal nint soft_heap_limit;
        internal nint vfs_find;
        internal nint vfs_register;
        internal nint vfs_unregister;
        internal nint xthreadsafe;
        internal nint result_zeroblob;
        internal nint result_error_code;
        internal nint test_control;
        internal nint randomness;
        internal nint context_db_handle;
        internal nint extended_result_codes;
        internal nint limit;
        internal nint next_stmt;
        internal nint sql;
        internal nint status;
        internal nint backup_finish;
        internal nint backup_init;
        internal nint backup_pagecount;
        internal nint backup_remaining;
        internal nint backup_step;
        internal nint compileoption_get;
        internal nint compileoption_used;
        internal delegate* unmanaged<nint, byte*, int, int, nint, delegate* unmanaged<nint, int, nint*, void>, nint, nint, delegate* unmanaged<nint, void>, int> create_function_v2;
        internal nint db_config;
        internal nint db_mutex;
        internal nint db_status;
        internal nint extended_errcode;
        internal nint log;
        internal nint soft_heap_limit64;
        internal nint sourceid;
        internal nint stmt_status;
        internal nint strnicmp;
        internal nint unlock_notify;
        internal nint wal_autocheckpoint;
        internal nint wal_checkpoint;
        internal nint wal_hook;
        internal nint blob_reopen;
        internal nint vtab_config;
        internal nint vtab_on_conflict;
        internal nint close_v2;
        internal delegate* unmanaged<nint, byte*, byte*> db_filename;
    }
#pragma warning restore CS0649, CS0169

    /// <summary>The constants of sqlite3.h this extension uses.</summary>
    internal static class SqliteConstants
    {
        internal const int Ok = 0;                 // SQLITE_OK
        internal const int Error = 1;              // SQLITE_ERROR
        internal const int Row = 100;              // SQLITE_ROW
        internal const int Done = 101;             // SQLITE_DONE

        internal const int Integer = 1;            // SQLITE_INTEGER
        internal const int Float = 2;              // SQLITE_FLOAT
        internal const int Text = 3;               // SQLITE_TEXT
        internal const int Blob = 4;               // SQLITE_BLOB
        internal const int Null = 5;               // SQLITE_NULL

        internal const int Utf8 = 1;               // SQLITE_UTF8
        internal const int Deterministic = 0x800;  // SQLITE_DETERMINISTIC (3.8.3)

        /// <summary>SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.</summary>
        internal const nint Transient = -1;

        /// <summary>3.8.3: SQLITE_DETERMINISTIC; every member of <see cref="SqliteApi"/> exists from 3.7.16.</summary>
        internal const int MinimumVersionNumber = 3008003;
    }
}
