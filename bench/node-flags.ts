/** The Node flags `npm start` runs the service with (its heap limit; see Runtime in README.md). */
export const START_NODE_FLAGS = [`--max-old-space-size=${process.env.HEAP_LIMIT_MB ?? 256}`];
