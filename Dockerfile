FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY . .
# dev dependencies are needed too: the server runs TypeScript through tsx and Vite builds the studio
RUN npm ci --include=dev && (npm run build -w studio --if-present)
EXPOSE 3000
CMD ["npm", "start"]
