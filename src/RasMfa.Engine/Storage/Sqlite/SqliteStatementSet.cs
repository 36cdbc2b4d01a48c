using System;
using System.Collections.Generic;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RasMfa.Engine.Storage.Sqlite
{
    /// <summary>
    /// The login writer's statements by their text, each prepared on the writer's connection the first time it runs and
    /// kept until the connection is let go (<see cref="Dispose"/>, before it returns to the pool): the SQL is the one every
    /// dialect runs (SqlLoginStore and its row helpers give it), run here on SQLite's own API. A value is bound by the
    /// position SQLite gave its name, looked up once per text and list of names, not per call as the provider's command
    /// does; a row is read through one reader per statement (<see cref="SqliteRowReader"/>), not a new one per call. A
    /// text that cannot be prepared (a damaged schema) throws SqliteException, as the provider's command would, and is
    /// not kept. Binds what the provider binds for these values: null NULL, integers INTEGER, floating point REAL,
    /// text TEXT, a byte array BLOB; any other type is refused rather than guessed.
    /// </summary>
    internal sealed class SqliteStatementSet : IStatementRunner, IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, Prepared> _prepared = new Dictionary<string, Prepared>(StringComparer.Ordinal);

        public SqliteStatementSet(SqliteConnection connection) => _connection = connection;

        /// <summary>Texts prepared so far.</summary>
        public int Count => _prepared.Count;

        public int Execute(string sql, (string Name, object? Value)[] parameters)
        {
            var prepared = Bound(sql, parameters);
            prepared.Statement.Run();
            return prepared.Statement.IsReadOnly ? -1 : prepared.Statement.RowsChanged;
        }

        public DbDataReader Query(string sql, (string Name, object? Value)[] parameters)
        {
            var prepared = Bound(sql, parameters);
            prepared.Reader.Open();
            return prepared.Reader;
        }

        private Prepared Bound(string sql, (string Name, object? Value)[] parameters)
        {
            if (!_prepared.TryGetValue(sql, out var prepared))
            {
                prepared = new Prepared(new SqliteStatement(_connection, sql));
                _prepared.Add(sql, prepared);
            }
            // Values bound while a run's rows are still read would be refused (SQLITE_MISUSE): say which text instead.
            if (!prepared.Reader.IsClosed) throw new InvalidOperationException("The statement '" + sql + "' is still being read: close its reader first.");
            prepared.Bind(parameters);
            return prepared;
        }

        public void Dispose()
        {
            foreach (var prepared in _prepared.Values) prepared.Statement.Dispose();
            _prepared.Clear();
        }

        private sealed class Prepared
        {
            private string[] _names = new string[0];
            private int[] _positions = new int[0];

            public Prepared(SqliteStatement statement)
            {
                Statement = statement;
                Reader = new SqliteRowReader(statement);
            }

            public SqliteStatement Statement { get; }

            public SqliteRowReader Reader { get; }

            public void Bind((string Name, object? Value)[] parameters)
            {
                if (!SameNames(parameters)) Map(parameters);
                for (int i = 0; i < parameters.Length; i++)
                    if (_positions[i] != 0) BindValue(_positions[i], parameters[i].Value);
            }

            private bool SameNames((string Name, object? Value)[] parameters)
            {
                if (parameters.Length != _names.Length) return false;
                for (int i = 0; i < parameters.Length; i++)
                    if (!string.Equals(parameters[i].Name, _names[i], StringComparison.Ordinal)) return false;
                return true;
            }

            // The positions of these names; every parameter of the text must have a value (the provider refuses one left
            // out too), else the last call's value would stay bound. A name the text does not hold is ignored, as there.
            private void Map((string Name, object? Value)[] parameters)
            {
                var positions = new int[parameters.Length];
                var named = new HashSet<int>();
                for (int i = 0; i < parameters.Length; i++)
                {
                    positions[i] = Statement.PositionOf(parameters[i].Name);
                    if (positions[i] != 0) named.Add(positions[i]);
                }
                if (named.Count != Statement.ParameterCount)
                    throw new InvalidOperationException($"A value is missing for a parameter of a statement ({named.Count} of {Statement.ParameterCount} given).");
                Statement.ClearBindings();
                _positions = positions;
                _names = Array.ConvertAll(parameters, parameter => parameter.Name);
            }

            private void BindValue(int position, object? value)
            {
                switch (value)
                {
                    case null:
                    case DBNull _:
                        Statement.BindNull(position);
                        break;
                    case string text:
                        Statement.Bind(position, text);
                        break;
                    case long number:
                        Statement.Bind(position, number);
                        break;
                    case int number:
                        Statement.Bind(position, number);
                        break;
                    case short number:
                        Statement.Bind(position, number);
                        break;
                    case byte number:
                        Statement.Bind(position, number);
                        break;
                    case bool flag:
                        Statement.Bind(position, flag ? 1L : 0L);
                        break;
                    case double real:
                        Statement.Bind(position, real);
                        break;
                    case float real:
                        Statement.Bind(position, real);
                        break;
                    case byte[] octets:
                        Statement.Bind(position, octets);
                        break;
                    default:
                        throw new NotSupportedException($"A {value.GetType().Name} is not bound here: give the statement a string, an integer, a floating-point number or a byte array.");
                }
            }
        }
    }
}
