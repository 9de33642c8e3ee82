// `npm run bench` runs every section and prints one JSON document.
// Each area adds a section module and lists it in src/bench/main.ts.

export interface BenchOptions {
  /** Smaller sizes for a quick look (`npm run bench -- --quick`). */
  quick: boolean;
  /** Path to ../shared/datasets when given with --datasets, for real-data figures. */
  datasets?: string;
}

export interface BenchSection {
  name: string;
  run(options: BenchOptions): Promise<Record<string, unknown>>;
}
