/** The `reinhardt` command line (being built: see issue "Where users render"). */
export async function main(args: string[]): Promise<number> {
  if (args[0] === '--help' || args.length === 0) {
    process.stdout.write('usage: reinhardt render <templates-dir> --data <file> --out <dir>\n');
    return 0;
  }
  process.stderr.write(`reinhardt: unknown command ${args[0]}\n`);
  return 2;
}
