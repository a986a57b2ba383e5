// The palette hands a node type to the canvas through the drag's dataTransfer.
export const NODE_TYPE_MIME = 'application/x-botloom-node-type';
