using System.Runtime;
using System.Runtime.InteropServices;

namespace FactLedger.Benchmarks.Harness;

/// <summary>The machine a run measured, read from /proc and the runtime.</summary>
public sealed record MachineInfo(string Cpu, int Cores, string Memory, string OperatingSystem, string Runtime, string GcMode)
{
    public static MachineInfo Read() => new(
        FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        FirstValue("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], Formats.Invariant, out var total)
            ? $"{total / 1024.0 / 1024.0:0.0} GiB"
            : "unknown",
        $"{OsName()} (kernel {ReadOrNull("/proc/sys/kernel/osrelease")?.Trim() ?? Environment.OSVersion.Version.ToString()})",
        RuntimeInformation.FrameworkDescription,
        $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {(GCSettings.LatencyMode == GCLatencyMode.Interactive ? "concurrent" : GCSettings.LatencyMode.ToString())}");

    /// <summary>"load 7.5 8.4 11.5, CPU pressure 96 % (avg 60 s)": how busy the machine was with other work.</summary>
    public static string Load()
    {
        var load = ReadOrNull("/proc/loadavg")?.Split(' ').Take(3) ?? [];
        var pressure = ReadOrNull("/proc/pressure/cpu")?.Split('\n').FirstOrDefault()?.Split(' ').FirstOrDefault(p => p.StartsWith("avg60=", StringComparison.Ordinal))?[6..];
        return $"load average {string.Join(' ', load)}{(pressure is null ? "" : $", CPU pressure (some, avg 60 s) {pressure} %")}";
    }

    /// <summary>This process's nice value (the benchmark may be run at a higher priority on a shared machine).</summary>
    public static int Nice()
    {
        var stat = ReadOrNull("/proc/self/stat");
        return stat is null ? 0 : int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], Formats.Invariant);
    }

    private static string OsName() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription
            : RuntimeInformation.OSDescription;

    private static string? FirstValue(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string? ReadOrNull(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
}
