// Vite client types (import.meta.glob, ?raw, ?worker) for the playground sources only.
/// <reference types="vite/client" />
