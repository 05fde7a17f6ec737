// Package seed is the demo scenario's content: Velora Bikes, a fictional European maker and retailer of
// e-bikes, and Vela, its support agent. It holds the knowledge base, the agent's settings and AI actions,
// the material the demo conversations are written from, the articles of the simulated sources and the
// team's conversation metadata schema, as plain values. Package sandbox writes them into its store.
package seed

// Site is Velora's website.
const Site = "https://www.velora-bikes.example"
