using System.Text;
using System.Text.Json;
using FactLedger.EventStore.Integrity;

namespace FactLedger.EventStore.Tests.Integrity;

/// <summary>Stored digests were made by the first version: the faster one must produce the same bytes for every input.</summary>
public sealed class CanonicalJsonTests
{
    private static readonly string[] Samples =
    [
        """{"b":1,"a":2}""",
        """{"z":{"y":[3,2,{"k":"v","a":null}],"x":true},"a":false}""",
        """{"dup":1,"other":"x","dup":2}""",
        """{"dup":{"a":1},"dup":{"b":2},"dup":3,"a":"first"}""",
        """{"text":"caf\u00e9 \"quoted\" back\\slash tab\t line\nend","plain":"Indonésie, 275,5 millions"}""",
        """{"emoji":"fact 👍 check","escapedEmoji":"\ud83d\udc4d","html":"<a href='x'>&amp;</a>","ascii":" !#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[]^_`abcxyz{|}~","del":"\u007f","ctl":"\u0001\u001f"}""",
        """{"n":[0,-0,1,-1,10,100,1.5,1.50,15e-1,1e3,1E+3,-2.500,0.0001,123456789012345678,1234567890123456789,12345678901234567890123456789012,1e400,-1e-400,3.14159265358979323846264338327950288]}""",
        """{"n":[007,1.0e0]}""".Replace("007", "7", StringComparison.Ordinal),
        """{"Ä":1,"a":2,"A":3,"_":4,"ä":5,"\uE000":6,"\ud83d\ude00":7,"":8}""",
        """{"b<":1,"a&'+`":2,"A>":3,"~":4," ":5,"a&'+":6}""",
        """{"\u0062":1,"a":2,"c":{"y":1,"x":2}}""",
        """{"k\"q":1,"k":2,"k\\":3}""",
        """{"a":1,"\u0061":2,"b":3}""",
        """[{"b":1,"a":2},[],{},"x",1,null,true]""",
        "\"just a string\"",
        "42",
        """{ "spaced" : [ 1 , 2 ] ,	"tabbed":{ } }""",
        """{"claimId":"src-1.c-17","sourceId":"src-1","subject":"Indonesia","predicate":"population","value":{"amount":275500000,"unit":"people","precision":0.1},"quote":"Indonesia has a population of about 275.5 million people.","confidence":0.92}""",
    ];

    public static TheoryData<string> Documents() => new(Samples);

    [Theory]
    [MemberData(nameof(Documents))]
    public void Canonical_bytes_match_the_first_version(string json)
    {
        Assert.Equal(Encoding.UTF8.GetString(ReferenceCanonicalJson.Canonicalize(json)), Encoding.UTF8.GetString(CanonicalJson.Canonicalize(json)));
    }

    [Fact]
    public void Content_digests_match_the_first_version_also_for_wide_objects_and_deep_nesting()
    {
        var wide = "{" + string.Join(",", Enumerable.Range(0, 300).Reverse().Select(i => $"\"k{i % 250}\":{i}")) + "}";
        var deep = string.Concat(Enumerable.Repeat("{\"a\":[", 25)) + "1" + string.Concat(Enumerable.Repeat("]}", 25));
        foreach (var (data, metadata) in new[] { (wide, deep), (deep, "{}"), ("{\"x\":1}", "{\"actor\":\"tester\",\"reason\":\"test\"}") })
        {
            Assert.Equal(ReferenceDigest(data, metadata), CanonicalJson.ContentDigest(data, metadata));
        }
    }

    [Fact]
    public void Digests_from_many_threads_at_once_do_not_mix()
    {
        var documents = Samples;
        Parallel.For(0, 2_000, i =>
        {
            var data = documents[i % documents.Length];
            var metadata = documents[(i * 7 + 3) % documents.Length];
            Assert.Equal(ReferenceDigest(data, metadata), CanonicalJson.ContentDigest(data, metadata));
        });
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_canonical_form_of_every_sample_digests_as_the_sample_does(string json)
    {
        Assert.Equal(ReferenceDigest(json, "{}"), CanonicalJson.ContentDigest(json, "{}"));
        var canonical = Encoding.UTF8.GetString(ReferenceCanonicalJson.Canonicalize(json));
        // A number beyond a double's range prints as "Infinity", which is no JSON: that sample has no second form to try.
        if (!canonical.Contains("Infinity", StringComparison.Ordinal))
        {
            Assert.Equal(ReferenceDigest(json, "{}"), CanonicalJson.ContentDigest(canonical, "{}"));
        }
    }

    [Theory]
    [InlineData("""{"a":1,"b":[true,false,null],"c":{"d":"x y","e":-12}}""", true)]
    [InlineData("""[1,{"a":0.92},"s",[]]""", true)]
    [InlineData("\"plain\"", true)]
    [InlineData("-7", true)]
    [InlineData("""{"b":1,"a":2}""", false)]
    [InlineData("""{"a":1,"a":2}""", false)]
    [InlineData("""{"a":1, "b":2}""", false)]
    [InlineData("""{"a" :1}""", false)]
    [InlineData("""{"a":1 }""", false)]
    [InlineData("""[1 ,2]""", false)]
    [InlineData(" 1", false)]
    [InlineData("1 ", false)]
    [InlineData("""{"a":1.50}""", false)]
    [InlineData("""{"a":1e3}""", false)]
    [InlineData("""{"a":-0}""", false)]
    [InlineData("""{"a":"caf\u00e9"}""", false)]
    [InlineData("""{"a":"café"}""", false)]
    [InlineData("""{"\u0061":1}""", false)]
    [InlineData("""{"a":{"y":1,"x":2}}""", false)]
    [InlineData("""{"a":1}{""", false)]
    [InlineData("""{"a":1""", false)]
    [InlineData("", false)]
    [InlineData("""{"a":{"z":1},"b":{"a":1}}""", true)]
    [InlineData("""{"a":{"z":1},"a ":{"a":1}}""", true)]
    [InlineData("""[{"b":1},{"a":1}]""", true)]
    [InlineData("true", true)]
    [InlineData("null", true)]
    [InlineData("0", true)]
    [InlineData("[0,-1,10]", true)]
    [InlineData("""{"":1,"a":2}""", true)]
    [InlineData("{\"a\":\"del\u007f\"}", false)]
    [InlineData("{\"a\":\"tab\t\"}", false)]
    public void Accepts_only_text_that_is_its_own_canonical_form(string json, bool canonical)
    {
        Assert.Equal(canonical, CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Nesting_as_deep_as_the_parser_allows_is_checked_and_deeper_fails_as_before()
    {
        static string Nested(int depth) => string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth));

        Assert.True(CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes(Nested(64))));
        Assert.Equal(ReferenceDigest(Nested(64), "{}"), CanonicalJson.ContentDigest(Nested(64), "{}"));
        Assert.False(CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes(Nested(65))));
        Assert.ThrowsAny<JsonException>(() => CanonicalJson.ContentDigest(Nested(65), "{}"));
    }

    [Fact]
    public void A_missing_document_is_an_argument_error()
    {
        Assert.Throws<ArgumentNullException>(() => CanonicalJson.ContentDigest(null!, "{}"));
    }

    /// <summary>
    /// Random documents, written canonically and not: whatever the check accepts must be exactly the reference's canonical
    /// form, and every digest must be the reference's, fast path or not.
    /// </summary>
    [Fact]
    public void Random_documents_digest_as_the_reference_does_and_only_canonical_text_passes_the_check()
    {
        var random = new Random(20261122);
        var accepted = 0;
        for (var i = 0; i < 4_000; i++)
        {
            var json = RandomJson.Document(random);
            var canonical = Encoding.UTF8.GetString(ReferenceCanonicalJson.Canonicalize(json));
            foreach (var text in new[] { json, canonical })
            {
                if (CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes(text)))
                {
                    Assert.Equal(canonical, text);
                    accepted++;
                }

                Assert.Equal(ReferenceDigest(text, "{}"), CanonicalJson.ContentDigest(text, "{}"));
            }
        }

        // Most documents are plain ASCII with normalised numbers, so their canonical text must take the fast path.
        Assert.True(accepted > 1_000, $"only {accepted} texts were recognised as canonical");
    }

    [Fact]
    public void Options_writing_canonical_order_make_serialized_records_canonical_and_they_read_back_the_same()
    {
        var options = CanonicalJson.WritingCanonicalOrder(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var value = new Outer("it's <z> & last", 42, new Inner(true, "two words", [3, 1]), [new Inner(false, "x", [])], null);

        var json = JsonSerializer.Serialize(value, options);

        Assert.True(CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes(json)), json);
        Assert.StartsWith("""{"amount":42,"items":[{"flag":false,"numbers":[],"text":"x"}],"nested":{"flag":true""", json);
        Assert.Equal(ReferenceDigest(json, "{}"), CanonicalJson.ContentDigest(json, "{}"));
        var read = JsonSerializer.Deserialize<Outer>(json, options)!;
        Assert.Equal(value.Zed, read.Zed);
        Assert.Equal(value.Nested.Numbers, read.Nested.Numbers);
        Assert.Single(read.Items);
    }

    private sealed record Inner(bool Flag, string Text, int[] Numbers);

    private sealed record Outer(string Zed, int Amount, Inner Nested, Inner[] Items, string? Note);

    private static byte[] ReferenceDigest(string data, string metadata) => ReferenceCanonicalJson.ContentDigest(data, metadata);

    /// <summary>Documents with the shapes canonicalisation cares about: key order, duplicates, escapes, non-ASCII, number forms, whitespace.</summary>
    private static class RandomJson
    {
        private static readonly string[] Keys = ["a", "b", "B", "ab", "a b", "_x", "z", "é", "\\u0063", "k\\\"q", "Ä", "~"];
        private static readonly string[] Numbers = ["0", "7", "-3", "42", "1.5", "0.92", "1.50", "1e3", "-0", "123456789012345678", "1234567890123456789", "2.5E-3"];
        private static readonly string[] Strings = ["", "plain", "two words", "caf\\u00e9", "café", "tab\\t", "<&>", "quote\\\"d", "👍"];

        public static string Document(Random random)
        {
            var builder = new StringBuilder();
            Value(random, builder, depth: 0);
            return builder.ToString();
        }

        private static void Value(Random random, StringBuilder builder, int depth)
        {
            switch (depth < 4 ? random.Next(6) : random.Next(3, 6))
            {
                case 0 or 1:
                    var keys = Enumerable.Range(0, random.Next(0, 5)).Select(_ => Keys[RandomIndex(random, Keys.Length)]).ToList();
                    if (random.Next(2) == 0)
                    {
                        keys = [.. keys.Distinct().Order(StringComparer.Ordinal)];
                    }

                    builder.Append('{');
                    for (var i = 0; i < keys.Count; i++)
                    {
                        builder.Append(i > 0 ? Separator(random, ',') : "").Append('"').Append(keys[i]).Append('"').Append(Separator(random, ':'));
                        Value(random, builder, depth + 1);
                    }

                    builder.Append('}');
                    break;
                case 2:
                    builder.Append('[');
                    var count = random.Next(0, 4);
                    for (var i = 0; i < count; i++)
                    {
                        builder.Append(i > 0 ? Separator(random, ',') : "");
                        Value(random, builder, depth + 1);
                    }

                    builder.Append(']');
                    break;
                case 3:
                    builder.Append(Numbers[random.Next(Numbers.Length)]);
                    break;
                case 4:
                    builder.Append('"').Append(Strings[RandomIndex(random, Strings.Length)]).Append('"');
                    break;
                default:
                    builder.Append(random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" });
                    break;
            }
        }

        /// <summary>Mostly the first few entries (the plain ones), so that many documents come out canonical.</summary>
        private static int RandomIndex(Random random, int length) => random.Next(3) == 0 ? random.Next(length) : random.Next(Math.Min(4, length));

        private static string Separator(Random random, char separator) => random.Next(8) == 0 ? $" {separator} " : separator.ToString();
    }
}
