using System.Globalization;

namespace FactLedger.Ledger.Extraction;

/// <summary>A number as written in the article: "100 juta", "1,5 million", "dua ratus juta", "1.5M".</summary>
internal sealed record Amount(int Start, int End, decimal Value, bool HasScale, bool InWords);

/// <summary>Reads numbers the way each language writes them.</summary>
internal static class NumberText
{
    /// <summary>
    /// Parses digits with separators by the language's convention ("1,5" is 1.5 in French, "1,500" is 1500 in English,
    /// "20.000" and "20 000" are twenty thousand in Indonesian). A separator followed by anything but three digits can
    /// only be a decimal mark, whatever the convention ("1.5 juta").
    /// </summary>
    public static bool TryParseNumeral(string text, string decimalSeparator, IReadOnlyList<string> groupSeparators, out decimal value)
    {
        value = 0;
        var digits = TextFolding.Fold(text).Trim();
        if (digits.Length == 0 || !char.IsDigit(digits[0]) || !char.IsDigit(digits[^1]))
        {
            return false;
        }

        var decimalMark = decimalSeparator.Length == 1 ? decimalSeparator[0] : '.';
        var separators = new List<(int Index, char Char)>();
        for (var i = 0; i < digits.Length; i++)
        {
            var c = digits[i];
            if (!char.IsDigit(c))
            {
                if (c is not ('.' or ',' or ' ') || i + 1 < digits.Length && !char.IsDigit(digits[i + 1]))
                {
                    return false;
                }

                separators.Add((i, c));
            }
        }

        if (separators.Count == 0)
        {
            return decimal.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        var last = separators[^1];
        var decimalAt = -1;
        if (last.Char == decimalMark && separators.Count(s => s.Char == decimalMark) == 1)
        {
            decimalAt = last.Index;
        }
        else if (separators.Count == 1 && last.Char != ' ' && digits.Length - last.Index - 1 != 3)
        {
            decimalAt = last.Index;
        }

        var integerPart = decimalAt < 0 ? digits : digits[..decimalAt];
        var fraction = decimalAt < 0 ? "" : digits[(decimalAt + 1)..];
        var groups = integerPart.Split('.', ',', ' ');
        if (groups.Length > 1)
        {
            var groupChars = separators.Where(s => s.Index < (decimalAt < 0 ? int.MaxValue : decimalAt)).Select(s => s.Char).Distinct().ToArray();
            if (groupChars.Length != 1 || !IsGroupSeparator(groupChars[0], groupSeparators, decimalMark, decimalAt < 0)
                || groups[0].Length is < 1 or > 3 || groups.Skip(1).Any(g => g.Length != 3))
            {
                return false;
            }
        }

        var canonical = string.Concat(groups) + (fraction.Length > 0 ? "." + fraction : "");
        return decimal.TryParse(canonical, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The value without trailing zeros in its scale (1.5 × 10^6 is 1500000, not 1500000.0).</summary>
    public static decimal Canonical(decimal value) => value / 1.000000000000000000000000000000000m;

    // A separator the language does not group with still groups when it repeats in thousands ("1.000.000" in English
    // copy from Indonesian sources), but never when it is the language's own decimal mark used once.
    private static bool IsGroupSeparator(char c, IReadOnlyList<string> groupSeparators, char decimalMark, bool noDecimal) =>
        groupSeparators.Any(g => g.Length == 1 && g[0] == c) || (c != decimalMark && c != ' ') || (c == decimalMark && noDecimal);
}

/// <summary>Finds numbers, number words and vague amounts in a folded text.</summary>
internal static class AmountScanner
{
    private const int MaxDigits = 15;

    private readonly record struct Atom(int Start, int End, NumberWordRole Role, decimal Value, bool IsNumeral, bool HasSuffixScale);

    public static IReadOnlyList<Amount> FindAmounts(ArticleText article)
    {
        var (original, folded, rules) = (article.Original, article.Folded, article.Rules);
        var atoms = new List<Atom>();
        var numbers = rules.Table.Numbers;
        foreach (System.Text.RegularExpressions.Match match in rules.Numeral.Matches(folded))
        {
            // Past 15 digits a "number" is an identifier, and scaling it could overflow decimal.
            if (match.Value.Count(char.IsDigit) > MaxDigits
                || !NumberText.TryParseNumeral(match.Value, numbers.DecimalSeparator, numbers.GroupSeparators, out var value))
            {
                continue;
            }

            var end = match.Index + match.Length;
            var hasSuffix = false;
            if (end < original.Length && rules.Suffix?.Match(original, end) is { Success: true } suffix)
            {
                value *= rules.Suffixes[suffix.Value.Trim()];
                end += suffix.Length;
                hasSuffix = true;
            }
            else if (end < folded.Length && char.IsLetter(folded[end]))
            {
                continue; // "4G", "5x": a code, not an amount
            }

            atoms.Add(new Atom(match.Index, end, NumberWordRole.Unit, value, true, hasSuffix));
        }

        foreach (var hit in article.Hits(rules.NumberWords).All)
        {
            var (role, value) = rules.NumberWordRoles[hit.Key];
            atoms.Add(new Atom(hit.Start, hit.End, role, value, false, false));
        }

        atoms.Sort((a, b) => a.Start.CompareTo(b.Start));
        var amounts = new List<Amount>();
        var i = 0;
        while (i < atoms.Count)
        {
            if (ParseFrom(atoms, i, folded) is { } parsed)
            {
                amounts.Add(parsed.Amount);
                i = parsed.Next;
            }
            else
            {
                i++;
            }
        }

        return amounts;
    }

    public static IReadOnlyList<(int Start, int End)> FindVague(ArticleText article, IReadOnlyList<Amount> amounts)
    {
        var (folded, rules) = (article.Folded, article.Rules);
        var spans = new List<(int Start, int End)>();
        if (rules.VagueQuantified is { } quantified)
        {
            foreach (var quantifier in article.Hits(rules.VagueQuantifiers).All)
            {
                if (quantified.Match(folded, quantifier.Start) is { Success: true } match)
                {
                    spans.Add((match.Index, match.Index + match.Length));
                }
            }
        }

        foreach (var hit in article.Hits(rules.VagueStandalone).All)
        {
            var overlapsAmount = amounts.Any(a => a.Start < hit.End && hit.Start < a.End);
            if (!overlapsAmount && !spans.Any(s => s.Start < hit.End && hit.Start < s.End))
            {
                spans.Add((hit.Start, hit.End));
            }
        }

        return spans.OrderBy(s => s.Start).ToArray();
    }

    private static bool Joinable(Atom left, Atom right, string folded)
    {
        var gap = right.Start - left.End;
        if (gap < 0 || gap > 2)
        {
            return false;
        }

        for (var p = left.End; p < right.Start; p++)
        {
            if (folded[p] is not (' ' or '-'))
            {
                return false;
            }
        }

        return gap > 0 || folded[right.Start - 1] is ' ' or '-';
    }

    private static (Amount Amount, int Next)? ParseFrom(IReadOnlyList<Atom> atoms, int first, string folded)
    {
        decimal total = 0, committed = 0, unit = 0, lastMultiplier = 0, lastScale = decimal.MaxValue;
        var hasNumber = false;
        var hasArticle = false;
        var inWords = false;
        NumberWordRole? lastRole = null;
        (Amount Amount, int Next)? best = null;

        for (var j = first; j < atoms.Count; j++)
        {
            var atom = atoms[j];
            if (j > first && !Joinable(atoms[j - 1], atom, folded))
            {
                break;
            }

            var next = j + 1 < atoms.Count && Joinable(atom, atoms[j + 1], folded) ? atoms[j + 1] : (Atom?)null;
            if (atom.IsNumeral)
            {
                if (j > first)
                {
                    break;
                }

                unit = atom.Value;
                hasNumber = true;
                lastRole = NumberWordRole.Unit;
                best = Record(atom.End, j + 1, atom.HasSuffixScale);
                if (atom.HasSuffixScale)
                {
                    break;
                }

                continue;
            }

            switch (atom.Role)
            {
                case NumberWordRole.Unit:
                    if (lastRole == NumberWordRole.Unit)
                    {
                        var isTensThenUnit = unit >= 20 && unit % 10 == 0 && atom.Value < 20 && unit % 100 + atom.Value < 100 && !atoms[j - 1].IsNumeral;
                        if (!isTensThenUnit)
                        {
                            return best;
                        }
                    }

                    unit += atom.Value;
                    hasNumber = true;
                    break;
                case NumberWordRole.Multiplier:
                    if (lastRole is NumberWordRole.Connector or NumberWordRole.Multiplier)
                    {
                        return best;
                    }

                    if (lastMultiplier != 0 && atom.Value < lastMultiplier)
                    {
                        committed += Math.Max(unit, 1) * atom.Value;
                    }
                    else
                    {
                        var basis = committed + unit;
                        committed = (basis == 0 ? 1 : basis) * atom.Value;
                    }

                    unit = 0;
                    lastMultiplier = atom.Value;
                    hasNumber = true;
                    break;
                case NumberWordRole.Adder:
                    if (lastRole != NumberWordRole.Unit)
                    {
                        return best;
                    }

                    unit += atom.Value;
                    break;
                case NumberWordRole.Scale:
                    if (atom.Value >= lastScale || !hasNumber && !hasArticle)
                    {
                        return best;
                    }

                    var group = committed + unit;
                    total += (group == 0 ? 1 : group) * atom.Value;
                    committed = unit = lastMultiplier = 0;
                    lastScale = atom.Value;
                    hasNumber = true;
                    break;
                case NumberWordRole.Article:
                    if (j > first || next is not { Role: NumberWordRole.Scale or NumberWordRole.Multiplier, IsNumeral: false })
                    {
                        return best;
                    }

                    unit = 1;
                    hasArticle = true;
                    break;
                case NumberWordRole.Connector:
                    if (j == first || lastRole is not (NumberWordRole.Multiplier or NumberWordRole.Scale or NumberWordRole.Unit)
                        || next is not { Role: NumberWordRole.Unit or NumberWordRole.Multiplier, IsNumeral: false })
                    {
                        return best;
                    }

                    break;
            }

            inWords = true;
            lastRole = atom.Role;
            if (hasNumber && atom.Role is not (NumberWordRole.Connector or NumberWordRole.Article))
            {
                best = Record(atom.End, j + 1, lastScale != decimal.MaxValue);
            }
        }

        return best;

        (Amount, int) Record(int end, int next, bool hasScale) =>
            (new Amount(atoms[first].Start, end, NumberText.Canonical(total + committed + unit), hasScale, inWords), next);
    }
}
