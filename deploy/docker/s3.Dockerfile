# An S3-compatible server from npm (s3rver) standing in for MinIO where MinIO's image cannot be pulled
# (npm run test:docker). Fixed credentials S3RVER / S3RVER; the bucket named by S3_BUCKET exists at start.
ARG BASE_IMAGE=framecart-base:bookworm-node20
FROM ${BASE_IMAGE}
WORKDIR /s3
RUN npm install --no-audit --no-fund --omit=dev s3rver@3.7.1 && npm cache clean --force \
 && mkdir -p /data && chown node:node /data
USER node
EXPOSE 9000
ENV S3_BUCKET=framecart
CMD ["sh", "-c", "exec node node_modules/s3rver/bin/s3rver.js -d /data -a 0.0.0.0 -p 9000 --configure-bucket \"$S3_BUCKET\""]
