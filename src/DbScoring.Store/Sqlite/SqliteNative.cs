using System;
using System.Runtime.InteropServices;

namespace DbScoring.Store.Sqlite
{
    /// <summary>
    /// The few SQLite calls score-table makes per value — a column's type, number, or a parameter's bind — straight into the
    /// e_sqlite3 library that SQLitePCL.raw (under Microsoft.Data.Sqlite) loads, with the statement's native pointer.
    /// SQLitePCL's path costs more than SQLite's work for these: an interface call to its provider, a SafeHandle reference
    /// count up and down around each call, and the runtime's full managed-to-native transition. These functions only read or
    /// set a value in the statement (a bind of text copies it), never block on I/O and never call back into .NET, so they
    /// are declared without the GC transition (<see cref="SuppressGCTransitionAttribute"/>). Stepping, preparing and reading
    /// text stay with SQLitePCL.
    /// </summary>
    internal static class SqliteNative
    {
        private const string Library = "e_sqlite3";

        /// <summary>SQLITE_TRANSIENT: SQLite copies the bound bytes before the call returns.</summary>
        internal static readonly IntPtr Transient = new IntPtr(-1);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        internal static extern int sqlite3_column_type(IntPtr statement, int column);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        internal static extern long sqlite3_column_int64(IntPtr statement, int column);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        internal static extern double sqlite3_column_double(IntPtr statement, int column);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        internal static extern int sqlite3_bind_null(IntPtr statement, int index);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        internal static extern int sqlite3_bind_int64(IntPtr statement, int index, long value);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        internal static extern int sqlite3_bind_double(IntPtr statement, int index, double value);

        /// <summary>Binds the first <paramref name="length"/> bytes of <paramref name="utf8"/> as TEXT (copied: SQLITE_TRANSIENT).</summary>
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition]
        internal static extern int sqlite3_bind_text(IntPtr statement, int index, byte[] utf8, int length, IntPtr destructor);
    }
}
