using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.InteropServices;

namespace DbScoring.SqlClr.UnsafeSample;

/// <summary>Every construct here is refused by SQL Server in a SAFE assembly.</summary>
public class Violations
{
    private static int _calls;
    private static readonly object Gate = new();
    private static readonly ConcurrentDictionary<int, int> Cache = new();
    private static readonly Lazy<int> LazyValue = new(() => 42);

    ~Violations()
    {
    }

    [DllImport("kernel32.dll")]
    private static extern int GetTickCount();

    public static int Everything(int[] values)
    {
        _calls++;
        lock (Gate)
        {
            Cache[values.Length] = values.Count(v => v > 0) + LazyValue.Value + GetTickCount();
        }

        return _calls;
    }
}
