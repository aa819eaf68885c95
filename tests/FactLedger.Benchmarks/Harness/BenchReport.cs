using System.Text;

namespace FactLedger.Benchmarks.Harness;

/// <summary>One measured figure.</summary>
public sealed record Figure(string Section, string Name, string Value, string Detail);

/// <summary>A figure held against its target.</summary>
public sealed record TargetCheck(string Name, double Actual, string Comparison, double Target, string Note)
{
    public bool Met => Comparison == ">=" ? Actual >= Target : Actual <= Target;

    public string Verdict => double.IsNaN(Actual) ? "not measured" : Met ? "met" : "MISSED";
}

/// <summary>Everything a run measured, printed as a summary and written as Markdown.</summary>
public sealed class BenchReport
{
    private readonly List<Figure> _figures = [];
    private readonly List<TargetCheck> _targets = [];
    private readonly List<string> _notes = [];
    private readonly object _gate = new();

    public IReadOnlyList<Figure> Figures => _figures;

    public IReadOnlyList<TargetCheck> Targets => _targets;

    public void Add(string section, string name, string value, string detail = "")
    {
        lock (_gate)
        {
            _figures.Add(new Figure(section, name, value, detail));
        }

        Console.WriteLine($"  [{section}] {name}: {value}{(detail.Length > 0 ? $"  ({detail})" : "")}");
    }

    public void Target(string name, double actual, string comparison, double target, string note = "")
    {
        var check = new TargetCheck(name, actual, comparison, target, note);
        lock (_gate)
        {
            _targets.Add(check);
        }

        Console.WriteLine($"  TARGET {name}: {Formats.Measured(actual)} {comparison} {Formats.Measured(target)} -> {check.Verdict}");
    }

    public void Note(string note)
    {
        lock (_gate)
        {
            _notes.Add(note);
        }

        Console.WriteLine($"  note: {note}");
    }

    public void PrintSummary(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("==== Summary ====");
        foreach (var section in _figures.GroupBy(f => f.Section))
        {
            output.WriteLine($"-- {section.Key}");
            var width = section.Max(f => f.Name.Length);
            foreach (var figure in section)
            {
                output.WriteLine($"   {figure.Name.PadRight(width)}  {figure.Value,-18} {figure.Detail}");
            }
        }

        if (_targets.Count > 0)
        {
            output.WriteLine("-- Targets");
            var width = _targets.Max(t => t.Name.Length);
            foreach (var target in _targets)
            {
                output.WriteLine($"   {target.Name.PadRight(width)}  {Formats.Measured(target.Actual),8} {target.Comparison} {Formats.Measured(target.Target),-6} {target.Verdict}");
            }
        }
    }

    public string ToMarkdown(string header)
    {
        var text = new StringBuilder(header).AppendLine();
        if (_targets.Count > 0)
        {
            text.AppendLine("### Targets").AppendLine().AppendLine("| target | measured | goal | result | note |").AppendLine("|---|---:|---:|---|---|");
            foreach (var t in _targets)
            {
                text.AppendLine($"| {t.Name} | {Formats.Measured(t.Actual)} | {t.Comparison} {Formats.Measured(t.Target)} | {t.Verdict} | {t.Note} |");
            }

            text.AppendLine();
        }

        foreach (var section in _figures.GroupBy(f => f.Section))
        {
            text.AppendLine($"### {section.Key}").AppendLine().AppendLine("| measurement | value | detail |").AppendLine("|---|---:|---|");
            foreach (var f in section)
            {
                text.AppendLine($"| {f.Name} | {f.Value} | {f.Detail.Replace("|", "\\|", StringComparison.Ordinal)} |");
            }

            text.AppendLine();
        }

        if (_notes.Count > 0)
        {
            text.AppendLine("### Notes").AppendLine();
            foreach (var note in _notes)
            {
                text.AppendLine($"- {note}");
            }
        }

        return text.ToString();
    }
}
