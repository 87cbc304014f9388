// Writes a JSONL file of {"text", "price"} rows as Parquet with DuckDB (an independent
// writer: dictionary pages, OPTIONAL columns, several row groups), for tests/cli/test_eval.sh.
// usage: node write_parquet_duckdb.mjs IN.jsonl OUT.parquet CODEC ROW_GROUP_SIZE
import { DuckDBInstance } from '@duckdb/node-api'

const [src, dst, codec, rowGroup] = process.argv.slice(2)
const q = s => "'" + s.replaceAll("'", "''") + "'"
const inst = await DuckDBInstance.create(':memory:')
const con = await inst.connect()
await con.run(`COPY (SELECT text, price FROM read_json(${q(src)}, format='newline_delimited',
  columns={text: 'VARCHAR', price: 'DOUBLE'})) TO ${q(dst)}
  (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${Number(rowGroup)})`)
// prints what was written: "row_groups=N text=ENCODINGS price=ENCODINGS"
const meta = (await con.runAndReadAll(`SELECT row_group_id, path_in_schema, encodings
  FROM parquet_metadata(${q(dst)})`)).getRowObjects()
const enc = col => [...new Set(meta.filter(m => m.path_in_schema === col).map(m => m.encodings))].join('+')
console.log(`row_groups=${new Set(meta.map(m => Number(m.row_group_id))).size} text=${enc('text')} price=${enc('price')}`)
