using System.Text;
using GitJit.Core.Audit;
using GitJit.Core.Model;

namespace GitJit.Audit.Tests;

public sealed class AuditJsonTests
{
    [Fact]
    public void Write_GivesTheCanonicalText()
    {
        var bytes = AuditJson.Write(Records.Granted(42));

        Assert.Equal(
            """
            {
              "event": "granted",
              "request": "acme/access#42",
              "at": "2026-11-28T12:00:00Z",
              "requestPath": "access-requests/orders-db/alice-42.yaml",
              "pullRequest": 42,
              "pullRequestUrl": "https://github.com/acme/access/pull/42",
              "mergeCommit": "0123456789abcdef0123456789abcdef01234567",
              "requester": "alice",
              "approvals": [
                {
                  "reviewer": "dana",
                  "reviewId": 9001,
                  "commitId": "89abcdef0123456789abcdef0123456789abcdef"
                }
              ],
              "resource": "orders-db",
              "role": "read-only",
              "provider": "postgres",
              "principal": "gitjit_alice_42",
              "guardrails": {
                "privileges": [
                  "select"
                ],
                "schemas": [
                  "public"
                ],
                "statementTimeout": "30s",
                "maxConnections": 2
              },
              "grantedAt": "2026-11-28T12:00:00Z",
              "expiresAt": "2026-11-28T14:00:00Z"
            }

            """.ReplaceLineEndings("\n"),
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Write_ACredentialsIssuedRecord_GivesTheCanonicalText_AndReadsBack()
    {
        var record = Records.CredentialsIssued(7, 2, Records.Noon.AddMinutes(30));

        var bytes = AuditJson.Write(record);

        Assert.Equal(
            """
            {
              "event": "credentials-issued",
              "request": "acme/access#7",
              "at": "2026-11-28T12:30:00Z",
              "pullRequest": 7,
              "requester": "alice",
              "resource": "orders-db",
              "role": "read-only",
              "provider": "postgres",
              "principal": "gitjit_alice_7",
              "expiresAt": "2026-11-28T14:00:00Z",
              "by": "alice",
              "sequence": 2
            }

            """.ReplaceLineEndings("\n"),
            Encoding.UTF8.GetString(bytes));
        Assert.True(AuditJson.TryRead(bytes, out var read, out var problem), problem);
        Assert.Equal(record, read);
        Assert.True(AuditJson.TryRead(AuditJson.Write(Records.Revoked(7, Records.Noon) with { CredentialsIssued = 2 }), out var revoked, out _));
        Assert.Equal(2, revoked.CredentialsIssued);
    }

    [Fact]
    public void Write_EqualRecords_GiveEqualBytes()
    {
        var first = Records.Revoked(7, Records.Noon.AddHours(2));
        var second = Records.Revoked(7, new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.FromHours(1)));

        Assert.Equal(AuditJson.Write(first), AuditJson.Write(second));
    }

    [Fact]
    public void Read_OfWrite_GivesTheSameRecordAndBytes()
    {
        var record = Records.OrphanRevoked(9, new DateTimeOffset(2026, 11, 28, 14, 1, 2, 345, TimeSpan.FromHours(-5)).AddTicks(6789), Records.Noon) with
        {
            Problems = ["quote \" and <tag> and é and \u0001"],
            Guardrails = new Guardrails { StatementTimeout = TimeSpan.FromMilliseconds(1500), ReadOnly = true, DeniedTables = ["public.pii"] },
        };
        var written = AuditJson.Write(record);

        Assert.True(AuditJson.TryRead(written, out var read, out var problem), problem);
        Assert.Equal(written, AuditJson.Write(read));
        Assert.Equal(record.At, read.At);
        Assert.Equal(TimeSpan.Zero, read.At.Offset);
        Assert.Equal(record.Problems, read.Problems);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), read.Guardrails!.StatementTimeout);
        Assert.Equal(record with { At = read.At, Problems = read.Problems, Guardrails = read.Guardrails }, read);
        Assert.Contains("\"at\": \"2026-11-28T19:01:02.3456789Z\"", Encoding.UTF8.GetString(written), StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_IsWrittenAsSaid_AndReadsBack_WithoutItsComputedDefaults()
    {
        var record = Records.Granted(42) with { Guardrails = new Guardrails { BlockedStatements = ["drop"], RequireWhere = true, Gateway = true } };

        var written = AuditJson.Write(record);
        var text = Encoding.UTF8.GetString(written);

        Assert.Contains(
            """
                "requireWhere": true,
                "gateway": true
              },
            """.ReplaceLineEndings("\n"),
            text, StringComparison.Ordinal);
        Assert.DoesNotContain("requiresGateway", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hasStatementGuardrails", text, StringComparison.Ordinal);
        Assert.True(AuditJson.TryRead(written, out var read, out var problem), problem);
        Assert.True(read.Guardrails!.Gateway);
        Assert.Equal(written, AuditJson.Write(read));
    }

    [Theory]
    [InlineData("""{"blockedStatements":["drop"]}""", true)]
    [InlineData("""{"requireWhere":true}""", true)]
    [InlineData("""{"privileges":["select"],"readOnly":true}""", false)]
    public void Read_OfARecordFromBeforeTheGateway_StillReads_AndTheDefaultApplies(string guardrails, bool requiresGateway)
    {
        var json = $$"""{"event":"granted","request":"a/b#1","at":"2026-11-28T12:00:00Z","guardrails":{{guardrails}}}""";

        Assert.True(AuditJson.TryRead(Encoding.UTF8.GetBytes(json), out var record, out var problem), problem);
        Assert.Null(record.Guardrails!.Gateway);
        Assert.Equal(requiresGateway, record.Guardrails.RequiresGateway);
        Assert.DoesNotContain("gateway", Encoding.UTF8.GetString(AuditJson.Write(record)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Write_ARevocationThatDroppedObjects_ListsThem_AndReadsBack()
    {
        var record = Records.Revoked(7, Records.Noon.AddHours(2)) with
        {
            ObjectsDropped = ["function public.f(integer) in database orders", "table \"Odd \"\"name\"\"\".t in database orders"],
        };

        var written = AuditJson.Write(record);

        Assert.Contains(
            """
              "sessionsEnded": 1,
              "objectsDropped": [
                "function public.f(integer) in database orders",
                "table \"Odd \"\"name\"\"\".t in database orders"
              ]
            """.ReplaceLineEndings("\n"),
            Encoding.UTF8.GetString(written), StringComparison.Ordinal);
        Assert.True(AuditJson.TryRead(written, out var read, out var problem), problem);
        Assert.Equal(record.ObjectsDropped, read.ObjectsDropped);
        Assert.DoesNotContain("objectsDropped", Encoding.UTF8.GetString(AuditJson.Write(Records.Revoked(7, Records.Noon))), StringComparison.Ordinal);
    }

    [Fact]
    public void ObjectsDroppedFrom_KeepsARecordSmall_AndSaysHowManyWereLeftOut()
    {
        var many = Enumerable.Range(1, 100).Select(i => $"table public.t{i} in database orders").ToList();
        var record = Records.Revoked(7, Records.Noon) with { ObjectsDropped = AuditRecord.ObjectsDroppedFrom([.. many, new string('x', 10_000)]) };

        Assert.Null(AuditRecord.ObjectsDroppedFrom([]));
        Assert.Equal(many.Take(3), AuditRecord.ObjectsDroppedFrom([.. many.Take(3)]));
        Assert.Equal(AuditRecord.MaxObjectsDropped, record.ObjectsDropped!.Count);
        Assert.Equal("… and 72 more", record.ObjectsDropped[^1]);
        Assert.Equal(new string('x', AuditRecord.MaxObjectDroppedLength - 1) + "…", AuditRecord.ObjectsDroppedFrom([new string('x', 10_000)])![0]);
        Assert.True(AuditJson.Write(record).Length < AuditJson.MaxBytes / 4);
    }

    [Theory]
    [InlineData("30s")]
    [InlineData("1h30m")]
    [InlineData("1d")]
    [InlineData("00:00:00.2500000")]
    [InlineData("100.00:00:00")]
    [InlineData("-00:00:01")]
    public void Durations_RoundTripExactly(string text)
    {
        var json = $$$"""{"event":"granted","request":"a/b#1","at":"2026-11-28T12:00:00Z","guardrails":{"statementTimeout":"{{{text}}}"}}""";

        Assert.True(AuditJson.TryRead(Encoding.UTF8.GetBytes(json), out var record, out var problem), problem);
        Assert.Contains($"\"statementTimeout\": \"{text}\"", Encoding.UTF8.GetString(AuditJson.Write(record)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "not an audit record")]
    [InlineData("not json", "not an audit record")]
    [InlineData("null", "the record is null")]
    [InlineData("[]", "not an audit record")]
    [InlineData("""{"request":"a/b#1","at":"2026-11-28T12:00:00Z"}""", "event")]
    [InlineData("""{"event":"hacked","request":"a/b#1","at":"2026-11-28T12:00:00Z"}""", "not an audit record")]
    [InlineData("""{"event":1,"request":"a/b#1","at":"2026-11-28T12:00:00Z"}""", "not an audit record")]
    [InlineData("""{"event":"granted","request":null,"at":"2026-11-28T12:00:00Z"}""", "request")]
    [InlineData("""{"event":"granted","request":"a/b#1\nGitJit-Request: x/y#2","at":"2026-11-28T12:00:00Z"}""", "one line")]
    [InlineData("""{"event":"granted","request":"a/b#1","at":"2026-11-28T12:00:00+02:00"}""", "is not a UTC time")]
    [InlineData("""{"event":"granted","request":"a/b#1","at":"2026-11-28T12:00:00Z","at":"2026-11-28T13:00:00Z"}""", "not an audit record")]
    [InlineData("""{"event":"granted","request":"a/b#1","at":"2026-11-28T12:00:00Z","grantedForever":true}""", "grantedForever")]
    [InlineData("""{"event":"granted","request":"a/b#1","at":"2026-11-28T12:00:00Z","pullRequest":-3}""", "pullRequest must be positive")]
    [InlineData("""{"event":"granted","request":"a/b#1","at":"2026-11-28T12:00:00Z","pullRequest":99999999999}""", "not an audit record")]
    [InlineData("""{"event":"granted","request":"a/b#1","at":"2026-11-28T12:00:00Z","approvals":[null]}""", "approvals")]
    [InlineData("""{"event":"revoked","request":"a/b#1","at":"2026-11-28T12:00:00Z","objectsDropped":[null]}""", "objectsDropped")]
    [InlineData("""{"event":"credentials-issued","request":"a/b#1","at":"2026-11-28T12:00:00Z","sequence":0}""", "sequence must be positive")]
    [InlineData("""{"event":"credentials-issued","request":"a/b#1","at":"2026-11-28T12:00:00Z","sequence":"1"}""", "not an audit record")]
    [InlineData("""{"event":"revoked","request":"a/b#1","at":"2026-11-28T12:00:00Z","credentialsIssued":-1}""", "credentialsIssued must not be negative")]
    [InlineData("""{"event":"granted","request":"a/b#1","at":"2026-11-28T12:00:00Z","guardrails":{"statementTimeout":"forever"}}""", "is not a duration")]
    [InlineData("""{"event":"granted","request":"a/b#1","at":"2026-11-28T12:00:00Z","guardrails":{"gateway":"yes"}}""", "not an audit record")]
    [InlineData("""{"event":"granted","request":"a/b#1","at":"2026-11-28T12:00:00Z","guardrails":{"requiresGateway":false}}""", "requiresGateway")]
    [InlineData("""{"event":"granted","request":"a/b#1","at":"2026-11-28T12:00:00Z","problems":[[[[[[[[[[["deep"]]]]]]]]]]]}""", "not an audit record")]
    public void Read_OfAMalformedRecord_SaysWhy(string json, string expected)
    {
        var ok = AuditJson.TryRead(Encoding.UTF8.GetBytes(json), out var record, out var problem);

        Assert.False(ok);
        Assert.Null(record);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OfInvalidUtf8OrAHugeFile_SaysWhy()
    {
        Assert.False(AuditJson.TryRead([.. "{\"event\":\"granted\",\"request\":\""u8, 0xC3, 0x28, .. "\"}"u8], out _, out var invalid));
        Assert.StartsWith("not an audit record", invalid, StringComparison.Ordinal);
        Assert.False(AuditJson.TryRead(new byte[AuditJson.MaxBytes + 1], out _, out var huge));
        Assert.Contains("at most 65536 are read", huge, StringComparison.Ordinal);
    }
}
