// Stands in for the `server-only` package under Vitest, where no React Server Components bundler
// exists to tell server modules from client ones.
export {};
