using System.Text;
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

    private static byte[] ReferenceDigest(string data, string metadata) => ReferenceCanonicalJson.ContentDigest(data, metadata);
}
