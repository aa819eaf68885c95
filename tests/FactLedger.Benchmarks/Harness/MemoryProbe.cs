using System.Diagnostics;
using System.Runtime;

namespace FactLedger.Benchmarks.Harness;

/// <summary>What a phase cost in memory: the process's peak resident set, the managed heap's peak, and what it allocated.</summary>
public sealed record MemoryReport(long BaselineRss, long PeakRss, bool KernelPeak, long PeakManagedHeap, long AllocatedBytes, int Gen2Collections)
{
    public string Describe(long events) =>
        $"peak RSS {Formats.Mb(PeakRss)} (start {Formats.Mb(BaselineRss)}{(KernelPeak ? ", VmHWM" : ", sampled")}), managed heap peak {Formats.Mb(PeakManagedHeap)}, " +
        $"allocated {Formats.Mb(AllocatedBytes)} ({(events > 0 ? (AllocatedBytes / (double)events).ToString("#,0", Formats.Invariant) : "-")} B/event), gen2 GCs {Gen2Collections}";
}

/// <summary>
/// Measures one phase's peak memory. The kernel's high-water mark (VmHWM) is reset at the start by writing 5 to
/// /proc/self/clear_refs, so the peak belongs to this phase and not to whatever ran before in the process; where that
/// is not allowed, the resident set is sampled instead. The managed heap is sampled every 50 ms.
/// </summary>
public sealed class MemoryProbe : IDisposable
{
    private readonly long _baselineRss;
    private readonly long _allocatedAtStart;
    private readonly int _gen2AtStart;
    private readonly bool _kernelPeak;
    private readonly Timer _timer;
    private long _peakManaged;
    private long _peakSampledRss;

    private MemoryProbe()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        _kernelPeak = TryResetPeak();
        _baselineRss = CurrentRss();
        _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
        _gen2AtStart = GC.CollectionCount(2);
        _peakManaged = GC.GetTotalMemory(forceFullCollection: false);
        _peakSampledRss = _baselineRss;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
    }

    public static MemoryProbe Start() => new();

    /// <summary>Another process's peak resident set (VmHWM), in bytes; 0 when it cannot be read.</summary>
    public static long PeakRss(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), Formats.Invariant) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public MemoryReport Stop()
    {
        _timer.Dispose();
        Sample();
        var peak = _kernelPeak ? Math.Max(ReadStatusKb("VmHWM:") * 1024, _peakSampledRss) : _peakSampledRss;
        return new MemoryReport(_baselineRss, peak, _kernelPeak, Interlocked.Read(ref _peakManaged),
            GC.GetTotalAllocatedBytes(precise: true) - _allocatedAtStart, GC.CollectionCount(2) - _gen2AtStart);
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        var rss = CurrentRss();
        lock (_timer)
        {
            _peakManaged = Math.Max(_peakManaged, managed);
            _peakSampledRss = Math.Max(_peakSampledRss, rss);
        }
    }

    private static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return ReadStatusKb("VmHWM:") > 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long CurrentRss()
    {
        var kb = ReadStatusKb("VmRSS:");
        return kb > 0 ? kb * 1024 : Process.GetCurrentProcess().WorkingSet64;
    }

    private static long ReadStatusKb(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], Formats.Invariant);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
