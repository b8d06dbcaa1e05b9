using System.Collections.Frozen;
using System.Collections.Immutable;

namespace GitJit.Gateway.Sql.Reading;

/// <summary>
/// One statement's parse tree walked whole, node by node, so nothing nested is missed: every node is visited, and the
/// statement nodes, tables, function calls and settings it meets become the statement's facts. The walk keeps its own
/// stack (a parse tree may be hundreds of thousands of levels deep), the CTE names in scope (a CTE is no table) and
/// whether a table met there is read or written.
/// </summary>
internal sealed class StatementWalk
{
    private static readonly ImmutableHashSet<string> NoNames = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>Fields that hold a node without its <c>{"Type": …}</c> wrapper, and the node's type.</summary>
    private static readonly FrozenDictionary<string, string> UnwrappedNodes = new Dictionary<string, string>
    {
        ["larg"] = "SelectStmt",
        ["rarg"] = "SelectStmt",
        ["setstmt"] = "VariableSetStmt",
        ["funccall"] = "FuncCall",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> TableLikeObjects = new[]
    {
        "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE", "OBJECT_SEQUENCE",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly Stack<Frame> pending = new();
    private readonly SortedSet<StatementKind> effects = [];
    private readonly List<TableReference> tables = [];
    private readonly Dictionary<(string? Schema, string Name), int> tableIndex = [];
    private readonly List<UnboundedWrite> unboundedWrites = [];
    private readonly List<SettingChange> settings = [];
    private readonly List<FunctionUse> functions = [];
    private bool readsTable;
    private CopyUse? copy;
    private string? preparedName;
    private bool runsUnreadCode;
    private bool executes = true;
    private bool twoPhase;

    private StatementWalk()
    {
    }

    /// <summary>The facts of one statement: <paramref name="statement"/> is a <c>RawStmt</c>'s <c>stmt</c> (<c>{"SelectStmt": {…}}</c>).</summary>
    public static ClassifiedStatement Read(TreeNode statement, int index, int start, int length)
    {
        var (node, body) = Json.Unwrap(statement);
        var walk = new StatementWalk();
        var kind = node is null ? null : StatementNodes.KindOf(node);
        if (kind is null)
        {
            walk.effects.Add(StatementKind.Unknown);
        }
        else
        {
            walk.pending.Push(new Frame(body, node, NoNames, TableAccess.Read, Top: true));
            walk.Run();
        }
        if (walk.readsTable)
        {
            walk.effects.Add(StatementKind.Select);
        }
        return new ClassifiedStatement
        {
            Index = index,
            Start = start,
            Length = length,
            Node = node ?? "",
            Kind = kind is null ? StatementKind.Unknown : KindOf(node!, kind.Value, body),
            Effects = [.. walk.effects],
            Tables = walk.tables,
            UnboundedWrites = walk.unboundedWrites,
            Settings = walk.settings,
            Functions = [.. walk.functions.Distinct()],
            Copy = walk.copy,
            PreparedName = walk.preparedName,
            RunsUnreadCode = walk.runsUnreadCode,
            Executes = walk.executes,
            TwoPhaseCommit = walk.twoPhase,
        };
    }

    private void Run()
    {
        while (pending.TryPop(out var frame))
        {
            if (frame.Node is { } node)
            {
                Visit(node, frame);
            }
            else if (frame.Element.IsArray)
            {
                foreach (var item in frame.Element.Items)
                {
                    pending.Push(frame with { Element = item });
                }
            }
            else if (frame.Element.IsObject)
            {
                if (frame.Element["relname"].Exists)
                {
                    // A RangeVar in a field that holds one unwrapped (relation, rel, view, sequence, …).
                    Table(frame.Element, frame.Scope, frame.Role);
                }
                else
                {
                    PushMembers(frame.Element, frame.Scope, frame.Role);
                }
            }
        }
    }

    private void Visit(string node, Frame frame)
    {
        var body = frame.Element;
        switch (node)
        {
            case "RangeVar":
                Table(body, frame.Scope, frame.Role);
                return;
            case "FuncCall":
                FunctionCall(body);
                PushMembers(body, frame.Scope, frame.Role);
                return;
            case "ColumnRef":
                // (x).f and t.f call f(x), f(t): PostgreSQL's attribute notation for a function of one argument.
                if (Json.Items(body, "fields").ToList() is { Count: >= 2 } fields && Json.StringNode(fields[^1]) is { } attribute)
                {
                    AttributeNotation(attribute);
                }
                return;
            case "A_Indirection":
                foreach (var item in Json.Items(body, "indirection"))
                {
                    if (Json.StringNode(item) is { } name)
                    {
                        AttributeNotation(name);
                    }
                }
                PushMembers(body, frame.Scope, frame.Role);
                return;
        }
        if (StatementNodes.KindOf(node) is { } kind)
        {
            Statement(node, KindOf(node, kind, body), frame);
        }
        else
        {
            PushMembers(body, frame.Scope, frame.Role);
        }
    }

    private void Statement(string node, StatementKind kind, Frame frame)
    {
        var body = frame.Element;
        var scope = frame.Scope;
        if (node != "SelectStmt" || frame.Top)
        {
            // A nested SELECT is a query, not a statement of its own: it counts through the tables it reads.
            effects.Add(kind);
        }
        switch (node)
        {
            case "SelectStmt":
                if (Json.Has(body, "intoClause"))
                {
                    effects.Add(StatementKind.Create);
                    pending.Push(new Frame(body["intoClause"], null, scope, TableAccess.Write));
                }
                if (Json.Has(body, "lockingClause"))
                {
                    effects.Add(StatementKind.Lock);
                }
                PushMembers(body, scope, TableAccess.Read, skip: "intoClause");
                return;
            case "InsertStmt":
                Target(body, scope);
                if (Json.String(body["onConflictClause"], "action") == "ONCONFLICT_UPDATE")
                {
                    effects.Add(StatementKind.Update);
                }
                PushMembers(body, scope, TableAccess.Read, skip: "relation");
                return;
            case "UpdateStmt" or "DeleteStmt":
                if (Target(body, scope) is { } target && !Json.Has(body, "whereClause"))
                {
                    unboundedWrites.Add(new UnboundedWrite(kind, target));
                }
                PushMembers(body, scope, TableAccess.Read, skip: "relation");
                return;
            case "MergeStmt":
                Target(body, scope);
                foreach (var clause in Json.Items(body, "mergeWhenClauses"))
                {
                    if (MergeAction(Json.String(Json.Unwrap(clause).Body, "commandType")) is { } action)
                    {
                        effects.Add(action);
                    }
                }
                PushMembers(body, scope, TableAccess.Read, skip: "relation");
                return;
            case "CopyStmt":
                Copy(body, scope);
                return;
            case "ExplainStmt":
                if (frame.Top)
                {
                    executes = Analyzes(body);
                }
                QueryIsSelect(body);
                PushMembers(body, scope, TableAccess.Read);
                return;
            case "PrepareStmt":
                if (frame.Top)
                {
                    preparedName = Json.String(body, "name");
                    executes = false;
                }
                QueryIsSelect(body);
                PushMembers(body, scope, TableAccess.Read);
                return;
            case "ExecuteStmt":
                // Also inside EXPLAIN ANALYZE EXECUTE and CREATE TABLE … AS EXECUTE.
                preparedName ??= Json.String(body, "name");
                PushMembers(body, scope, TableAccess.Read);
                return;
            case "DeallocateStmt":
                preparedName = Json.String(body, "name");
                return;
            case "DeclareCursorStmt":
                QueryIsSelect(body);
                PushMembers(body, scope, TableAccess.Read);
                return;
            case "VariableSetStmt":
                Setting(body);
                return;
            case "TransactionStmt":
                Transaction(body);
                return;
            case "DiscardStmt":
                if (Json.String(body, "target") == "DISCARD_ALL")
                {
                    settings.Add(new SettingChange(null, SettingAction.ResetAll));
                }
                return;
            case "DoStmt":
                runsUnreadCode = true;
                return;
            case "CallStmt":
                runsUnreadCode = true;
                PushMembers(body, scope, TableAccess.Read);
                return;
            case "CreateFunctionStmt":
                if (Json.Items(body, "options").Any(o => Json.String(Json.Unwrap(o).Body, "defname") == "as"))
                {
                    runsUnreadCode = true;
                }
                break;
            case "DropStmt" when TableLikeObjects.Contains(Json.String(body, "removeType") ?? ""):
                foreach (var item in Json.Items(body, "objects"))
                {
                    NamedTable(Json.Unwrap(item).Body);
                }
                return;
            case "CommentStmt" or "SecLabelStmt" when TableLikeObjects.Contains(Json.String(body, "objtype") ?? ""):
                NamedTable(Json.Unwrap(body["object"]).Body);
                return;
        }
        PushMembers(body, scope, StatementNodes.ChangesWhatItNames(kind) ? TableAccess.Write : TableAccess.Read);
    }

    /// <summary>Pushes an object's members; a <c>withClause</c> puts its CTE names in scope for the others.</summary>
    private void PushMembers(TreeNode node, ImmutableHashSet<string> scope, TableAccess role, string? skip = null)
    {
        if (!node.IsObject)
        {
            return;
        }
        var with = node["withClause"];
        var inner = with.IsObject ? With(with, scope) : scope;
        foreach (var (name, value) in node.Members)
        {
            if (!(value.IsObject || value.IsArray) || name == skip || name == "withClause")
            {
                continue;
            }
            string? type = null;
            if (value.IsObject && Json.IsNodeType(name))
            {
                type = name;
            }
            else if (value.IsObject && UnwrappedNodes.TryGetValue(name, out var unwrapped) && Json.Unwrap(value).Type is null)
            {
                // SelectStmt's larg and rarg hold a SelectStmt unwrapped; JoinExpr's larg and rarg hold wrapped nodes.
                type = unwrapped;
            }
            pending.Push(new Frame(value, type, inner, role));
        }
    }

    /// <summary>
    /// A WITH clause: each CTE's query sees the CTEs before it (all of them under RECURSIVE); the rest of the statement
    /// sees all. PostgreSQL never takes a CTE for the target of INSERT, UPDATE, DELETE or MERGE, and neither does this.
    /// </summary>
    private ImmutableHashSet<string> With(TreeNode with, ImmutableHashSet<string> scope)
    {
        var ctes = Json.Items(with, "ctes").Select(c => Json.Unwrap(c).Body).ToList();
        var all = scope;
        foreach (var cte in ctes)
        {
            all = all.Add(Json.String(cte, "ctename") ?? "");
        }
        var recursive = Json.Bool(with, "recursive");
        var before = scope;
        foreach (var cte in ctes)
        {
            pending.Push(new Frame(cte["ctequery"], null, recursive ? all : before, TableAccess.Read));
            before = before.Add(Json.String(cte, "ctename") ?? "");
        }
        return all;
    }

    private TableReference? Target(TreeNode statement, ImmutableHashSet<string> scope) =>
        statement["relation"] is { IsObject: true } relation ? Table(relation, scope, TableAccess.Write) : null;

    /// <summary>A RangeVar: a table, unless it is read, unqualified and a CTE's name in scope.</summary>
    private TableReference? Table(TreeNode rangeVar, ImmutableHashSet<string> scope, TableAccess access)
    {
        if (Json.String(rangeVar, "relname") is not { } name)
        {
            return null;
        }
        var schema = Json.String(rangeVar, "schemaname");
        if (schema is null && Json.String(rangeVar, "relpersistence") == "t")
        {
            schema = "pg_temp";
        }
        if (schema is null && access == TableAccess.Read && scope.Contains(name))
        {
            return null;
        }
        return Touch(schema, name, access);
    }

    /// <summary>A table named by a list of names (DROP, COMMENT ON, SECURITY LABEL): name, schema.name or db.schema.name.</summary>
    private void NamedTable(TreeNode list)
    {
        var names = Json.Items(list, "items").Select(Json.StringNode).ToList();
        if (names.Count > 0 && names[^1] is { } name)
        {
            Touch(names.Count >= 2 ? names[^2] : null, name, TableAccess.Write);
        }
    }

    private TableReference Touch(string? schema, string name, TableAccess access)
    {
        readsTable |= access == TableAccess.Read;
        var table = new TableReference(schema, name, access);
        if (!tableIndex.TryGetValue((schema, name), out var at))
        {
            tableIndex[(schema, name)] = tables.Count;
            tables.Add(table);
        }
        else if (access == TableAccess.Write)
        {
            tables[at] = table;
        }
        return table;
    }

    private void Copy(TreeNode body, ImmutableHashSet<string> scope)
    {
        var from = Json.Bool(body, "is_from");
        var endpoint = Json.Bool(body, "is_program") ? CopyEndpoint.Program
            : Json.String(body, "filename") is not null ? CopyEndpoint.ServerFile
            : CopyEndpoint.Client;
        copy = new CopyUse(from ? CopyDirection.From : CopyDirection.To, endpoint);
        if (body["relation"] is { IsObject: true } relation)
        {
            Table(relation, scope, from ? TableAccess.Write : TableAccess.Read);
        }
        QueryIsSelect(body);
        PushMembers(body, scope, TableAccess.Read, skip: "relation");
    }

    private void QueryIsSelect(TreeNode statement)
    {
        if (Json.Unwrap(statement["query"]).Type == "SelectStmt")
        {
            effects.Add(StatementKind.Select);
        }
    }

    private void Setting(TreeNode body)
    {
        var name = Json.String(body, "name")?.ToLowerInvariant();
        var local = Json.Bool(body, "is_local");
        switch (Json.String(body, "kind"))
        {
            case "VAR_RESET_ALL":
                settings.Add(new SettingChange(null, SettingAction.ResetAll, local));
                return;
            case "VAR_RESET":
                settings.Add(new SettingChange(name, SettingAction.Reset, local));
                return;
            case "VAR_SET_MULTI" when name is "transaction" or "session characteristics":
                // SET TRANSACTION …, SET SESSION CHARACTERISTICS AS TRANSACTION …: the options are the settings.
                var prefix = name == "transaction" ? "" : "default_";
                foreach (var option in Json.Items(body, "args"))
                {
                    var (_, element) = Json.Unwrap(option);
                    var setting = prefix + Json.String(element, "defname");
                    if (Json.String(element, "defname") != "transaction_read_only")
                    {
                        settings.Add(new SettingChange(setting, SettingAction.Set, local));
                    }
                    else if (!IsReadOnly(element))
                    {
                        settings.Add(new SettingChange(setting, SettingAction.TransactionReadWrite, local));
                    }
                }
                return;
            case "VAR_SET_MULTI" when name == "transaction snapshot":
                settings.Add(new SettingChange("transaction_snapshot", SettingAction.Set, local));
                return;
            default:
                settings.Add(new SettingChange(name, SettingAction.Set, local));
                return;
        }
    }

    private void Transaction(TreeNode body)
    {
        var kind = Json.String(body, "kind");
        twoPhase = kind is "TRANS_STMT_PREPARE" or "TRANS_STMT_COMMIT_PREPARED" or "TRANS_STMT_ROLLBACK_PREPARED";
        if (kind is not ("TRANS_STMT_BEGIN" or "TRANS_STMT_START"))
        {
            return;
        }
        foreach (var option in Json.Items(body, "options"))
        {
            var (_, element) = Json.Unwrap(option);
            if (Json.String(element, "defname") == "transaction_read_only" && !IsReadOnly(element))
            {
                settings.Add(new SettingChange("transaction_read_only", SettingAction.TransactionReadWrite));
            }
        }
    }

    /// <summary>READ ONLY is <c>transaction_read_only</c> with the integer 1; anything else is taken for READ WRITE.</summary>
    private static bool IsReadOnly(TreeNode option) => Json.IntegerConstant(option["arg"]) == 1;

    private void FunctionCall(TreeNode call)
    {
        var name = Json.Items(call, "funcname").Select(Json.StringNode).LastOrDefault();
        if (name is null || WatchedFunctions.RiskOf(name) is not { } risk)
        {
            return;
        }
        functions.Add(new FunctionUse(name, risk));
        if (risk == FunctionRisk.SetsSetting)
        {
            var first = Json.Items(call, "args").FirstOrDefault();
            settings.Add(new SettingChange(Json.StringConstant(first)?.ToLowerInvariant(), SettingAction.SetConfig));
            effects.Add(StatementKind.Set);
        }
        else if (risk == FunctionRisk.AdvisoryLock)
        {
            effects.Add(StatementKind.Lock);
        }
    }

    private void AttributeNotation(string name)
    {
        if (WatchedFunctions.RiskOf(name) is not { } risk)
        {
            return;
        }
        functions.Add(new FunctionUse(name, risk));
        if (risk == FunctionRisk.SetsSetting)
        {
            settings.Add(new SettingChange(null, SettingAction.SetConfig));
            effects.Add(StatementKind.Set);
        }
        else if (risk == FunctionRisk.AdvisoryLock)
        {
            effects.Add(StatementKind.Lock);
        }
    }

    /// <summary>EXPLAIN's ANALYZE option: on when given without a value or with anything but false, off or 0.</summary>
    private static bool Analyzes(TreeNode explain)
    {
        foreach (var option in Json.Items(explain, "options"))
        {
            var (_, element) = Json.Unwrap(option);
            if (Json.String(element, "defname") != "analyze")
            {
                continue;
            }
            var value = element["arg"];
            var text = Json.StringNode(value) ?? Json.StringConstant(value);
            return !value.Exists
                || !(Json.IntegerConstant(value) == 0 || Json.BooleanConstant(value) == false || text is "false" or "off" or "0");
        }
        return false;
    }

    private static StatementKind? MergeAction(string? command) => command switch
    {
        "CMD_INSERT" => StatementKind.Insert,
        "CMD_UPDATE" => StatementKind.Update,
        "CMD_DELETE" => StatementKind.Delete,
        _ => null,
    };

    /// <summary>GRANT and REVOKE share their nodes; <c>is_grant</c> tells them apart.</summary>
    private static StatementKind KindOf(string node, StatementKind kind, TreeNode body) => node switch
    {
        "GrantStmt" or "GrantRoleStmt" => Json.Bool(body, "is_grant") ? StatementKind.Grant : StatementKind.Revoke,
        "AlterDefaultPrivilegesStmt" => Json.Bool(body["action"], "is_grant") ? StatementKind.Grant : StatementKind.Revoke,
        _ => kind,
    };

    private readonly record struct Frame(TreeNode Element, string? Node, ImmutableHashSet<string> Scope, TableAccess Role, bool Top = false);
}
