/**
 * Exact maximum-total-score assignment of requests (each at most once) to offers (each at most its
 * capacity): a transportation problem, solved as a min-cost flow
 *   request -(1, -score)-> offer -(capacity, 0)-> sink,   request -(1, 0)-> sink ("left unmatched")
 * where every request sends exactly one unit. Requests are added one at a time (the incremental
 * Hungarian method): each addition sends its unit along a cheapest path in the residual graph
 * (Dijkstra on reduced costs kept non-negative by Johnson potentials), which keeps the flow of the
 * requests added so far at minimum cost. A path may re-route earlier requests to other offers or to
 * "unmatched"; the "unmatched" arc guarantees a path always exists. Scores are scaled to integers
 * (they carry 6 decimals), so every comparison is exact. Dijkstra stops when it settles the sink;
 * only settled nodes' potentials move (the rest shift by a common constant, which changes no
 * reduced cost), so an addition costs what its search touches, not the size of the graph.
 */
export interface AssignmentEdge {
  request: number;
  offer: number;
  /** 0..1 with at most 6 decimals; pairs below the threshold are left out by the caller. */
  score: number;
}

export interface AssignmentInstance {
  requests: number;
  capacities: readonly number[];
  edges: readonly AssignmentEdge[];
}

export interface AssignmentResult {
  /** Indexes into `instance.edges` of the chosen pairs. */
  chosen: number[];
  total: number;
}

const SCALE = 1_000_000;

export function optimalAssignment(instance: AssignmentInstance): AssignmentResult {
  const n = instance.requests;
  const m = instance.capacities.length;
  // Nodes: requests 0..n-1, offers n..n+m-1, sink n+m.
  const sink = n + m;
  const nodes = n + m + 1;
  const edgeCount = 2 * (instance.edges.length + m + n);
  const to = new Int32Array(edgeCount);
  const from = new Int32Array(edgeCount);
  const cap = new Int32Array(edgeCount);
  const cost = new Float64Array(edgeCount);
  let e = 0;
  const add = (u: number, v: number, capacity: number, c: number) => {
    from[e] = u;
    to[e] = v;
    cap[e] = capacity;
    cost[e] = c;
    e += 1;
    from[e] = v;
    to[e] = u;
    cap[e] = 0;
    cost[e] = -c;
    e += 1;
  };
  const pairEdge = new Int32Array(instance.edges.length);
  instance.edges.forEach((edge, index) => {
    pairEdge[index] = e;
    add(edge.request, n + edge.offer, 1, -Math.round(edge.score * SCALE));
  });
  for (let j = 0; j < m; j += 1) add(n + j, sink, Math.max(0, instance.capacities[j] ?? 0), 0);
  for (let i = 0; i < n; i += 1) add(i, sink, 1, 0);

  // Adjacency in compressed form.
  const start = new Int32Array(nodes + 1);
  for (let k = 0; k < e; k += 1) start[(from[k] as number) + 1] += 1;
  for (let v = 0; v < nodes; v += 1) start[v + 1] += start[v] as number;
  const adjacency = new Int32Array(e);
  const fill = start.slice(0, nodes);
  for (let k = 0; k < e; k += 1) adjacency[(fill[from[k] as number] as number)++] = k;

  // Initial potentials make every reduced cost of the empty flow non-negative.
  const potential = new Float64Array(nodes);
  for (let k = 0; k < 2 * instance.edges.length; k += 2) {
    const v = to[k] as number;
    if ((cost[k] as number) < (potential[v] as number)) potential[v] = cost[k] as number;
  }
  let lowest = 0;
  for (let j = n; j < sink; j += 1) lowest = Math.min(lowest, potential[j] as number);
  potential[sink] = lowest;

  const dist = new Float64Array(nodes).fill(Infinity);
  const settled = new Uint8Array(nodes);
  const parentEdge = new Int32Array(nodes);
  const touched: number[] = [];
  const heap = new MinHeap(1024);

  for (let request = 0; request < n; request += 1) {
    dist[request] = 0;
    touched.push(request);
    heap.clear();
    heap.push(request, 0);
    while (heap.size > 0) {
      const u = heap.pop();
      if (settled[u]) continue;
      settled[u] = 1;
      if (u === sink) break;
      const du = dist[u] as number;
      const pu = potential[u] as number;
      for (let a = start[u] as number; a < (start[u + 1] as number); a += 1) {
        const k = adjacency[a] as number;
        if ((cap[k] as number) <= 0) continue;
        const v = to[k] as number;
        if (settled[v]) continue;
        const candidate = du + (cost[k] as number) + pu - (potential[v] as number);
        if (candidate < (dist[v] as number)) {
          if (dist[v] === Infinity) touched.push(v);
          dist[v] = candidate;
          parentEdge[v] = k;
          heap.push(v, candidate);
        }
      }
    }
    // The "unmatched" arc always reaches the sink, so a path exists.
    for (let v = sink; v !== request;) {
      const k = parentEdge[v] as number;
      cap[k] -= 1;
      cap[k ^ 1] += 1;
      v = from[k] as number;
    }
    const reach = dist[sink] as number;
    for (const v of touched) {
      if (settled[v]) potential[v] += (dist[v] as number) - reach;
      dist[v] = Infinity;
      settled[v] = 0;
    }
    touched.length = 0;
  }

  const chosen: number[] = [];
  let scaledTotal = 0;
  instance.edges.forEach((edge, index) => {
    if (cap[pairEdge[index] as number] === 0) {
      chosen.push(index);
      scaledTotal += Math.round(edge.score * SCALE);
    }
  });
  return { chosen, total: scaledTotal / SCALE };
}

/** A binary min-heap of (node, key) pairs with lazy deletion. */
class MinHeap {
  private nodes: Int32Array;
  private keys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(16, capacity));
    this.keys = new Float64Array(Math.max(16, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  push(node: number, key: number): void {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.size * 2);
      nodes.set(this.nodes);
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.nodes = nodes;
      this.keys = keys;
    }
    let i = this.size;
    this.size += 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.keys[parent] as number) <= key) break;
      this.nodes[i] = this.nodes[parent] as number;
      this.keys[i] = this.keys[parent] as number;
      i = parent;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }

  pop(): number {
    const top = this.nodes[0] as number;
    this.size -= 1;
    const lastNode = this.nodes[this.size] as number;
    const lastKey = this.keys[this.size] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && (this.keys[child + 1] as number) < (this.keys[child] as number))
        child += 1;
      if ((this.keys[child] as number) >= lastKey) break;
      this.nodes[i] = this.nodes[child] as number;
      this.keys[i] = this.keys[child] as number;
      i = child;
    }
    this.nodes[i] = lastNode;
    this.keys[i] = lastKey;
    return top;
  }
}
