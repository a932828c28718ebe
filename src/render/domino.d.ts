// The package's own declarations name the module 'domino', not the name it is
// installed under; only what the renderer uses is declared.
declare module '@mixmark-io/domino' {
  const domino: { createDocument(html?: string, force?: boolean): Document };
  export default domino;
}
